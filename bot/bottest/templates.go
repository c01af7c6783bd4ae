package bottest

import (
	"fmt"
	"strings"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/store/record"
)

var _ bot.TemplateTx = (*Tx)(nil)

// Buckets of the stored templates, schedules and settings.
const (
	bTemplates = "templates" // + scope: lowercase name + "\x00" + version -> version
	bSchedules = "schedules" // + channel: ID -> schedule
	bSettings  = "settings"  // key -> value
)

func templateKey(name string, version int) string {
	return strings.ToLower(name) + "\x00" + fmt.Sprintf("%010d", version)
}

// TemplateVersions returns every version of a stored template, oldest first.
func (t *Tx) TemplateVersions(scope, name string) ([]bot.TemplateVersion, error) {
	prefix := strings.ToLower(name) + "\x00"
	var out []bot.TemplateVersion
	for _, k := range t.keys(sub(bTemplates, scope)) {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		v, err := t.templateVersion(scope, k)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (t *Tx) templateVersion(scope, key string) (bot.TemplateVersion, error) {
	var r record.TemplateVersion
	if err := t.getJSON(sub(bTemplates, scope), key, &r); err != nil {
		return bot.TemplateVersion{}, err
	}
	return r.ToTemplateVersion()
}

// AddTemplateVersion stores the next version of a template.
func (t *Tx) AddTemplateVersion(v *bot.TemplateVersion) error {
	vs, err := t.TemplateVersions(v.Scope, v.Name)
	if err != nil {
		return err
	}
	v.Version = len(vs) + 1
	if len(vs) > 0 {
		v.Version = vs[len(vs)-1].Version + 1
	}
	return t.putJSON(sub(bTemplates, v.Scope), templateKey(v.Name, v.Version), record.FromTemplateVersion(v))
}

// LatestTemplates returns the latest version of each template of scope.
func (t *Tx) LatestTemplates(scope string) ([]bot.TemplateVersion, error) {
	var out []bot.TemplateVersion
	keys := t.keys(sub(bTemplates, scope))
	for i, k := range keys {
		name, _, _ := strings.Cut(k, "\x00")
		if i+1 < len(keys) && strings.HasPrefix(keys[i+1], name+"\x00") {
			continue // not the latest
		}
		v, err := t.templateVersion(scope, k)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// PutSchedule stores a schedule, giving a new one an ID.
func (t *Tx) PutSchedule(s *bot.Schedule) error {
	if s.ID == 0 {
		id, err := t.NextID("schedule")
		if err != nil {
			return err
		}
		s.ID = id
	}
	return t.putJSON(sub(bSchedules, s.Channel), seqKey(s.ID), record.FromSchedule(s))
}

// Schedules returns a channel's schedules by ID.
func (t *Tx) Schedules(channel string) ([]bot.Schedule, error) {
	var out []bot.Schedule
	for _, k := range t.keys(sub(bSchedules, channel)) {
		var r record.Schedule
		if err := t.getJSON(sub(bSchedules, channel), k, &r); err != nil {
			return nil, err
		}
		s, err := r.ToSchedule()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// DeleteSchedule removes a schedule.
func (t *Tx) DeleteSchedule(channel string, id uint64) error {
	return t.del(sub(bSchedules, channel), seqKey(id))
}

// Setting returns a stored setting.
func (t *Tx) Setting(key string) (string, error) {
	v := t.get(bSettings, key)
	if v == nil {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// PutSetting stores a setting.
func (t *Tx) PutSetting(key, value string) error { return t.put(bSettings, key, []byte(value)) }
