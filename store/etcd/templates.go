package etcd

import (
	"fmt"
	"strings"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/store/record"
)

// The stored templates (bot.TemplateTx), under the prefix:
//
//	templates/SCOPE/NAME/VERSION   a template's version (JSON); NAME in
//	                               lower case, VERSION in 10 digits
//	schedules/CHANNEL/ID           a scheduled meeting (JSON), ID in 20 digits
//	settings/KEY                   a setting

var _ bot.TemplateTx = (*Tx)(nil)

func templatesPrefix(scope, name string) string {
	return "templates/" + esc(scope) + "/" + esc(strings.ToLower(name)) + "/"
}

func (t *Tx) templateVersions(prefix string) ([]bot.TemplateVersion, error) {
	kvs, err := t.scanPrefix(prefix)
	if err != nil {
		return nil, err
	}
	out := make([]bot.TemplateVersion, 0, len(kvs))
	for _, e := range kvs {
		var r record.TemplateVersion
		if err := record.Unmarshal(e.val, &r); err != nil {
			return nil, fmt.Errorf("template %s: %w", e.key, err)
		}
		v, err := r.ToTemplateVersion()
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", e.key, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// TemplateVersions returns every version of a stored template, oldest first.
func (t *Tx) TemplateVersions(scope, name string) ([]bot.TemplateVersion, error) {
	return t.templateVersions(templatesPrefix(scope, name))
}

// AddTemplateVersion stores the next version of a template.
func (t *Tx) AddTemplateVersion(v *bot.TemplateVersion) error {
	prefix := templatesPrefix(v.Scope, v.Name)
	kvs, err := t.scanPrefix(prefix)
	if err != nil {
		return err
	}
	v.Version = 1
	if len(kvs) > 0 {
		var last int
		if _, err := fmt.Sscanf(lastPart(kvs[len(kvs)-1].key), "%d", &last); err != nil {
			return fmt.Errorf("template version %s: %w", kvs[len(kvs)-1].key, err)
		}
		v.Version = last + 1
	}
	return t.putJSON(prefix+fmt.Sprintf("%010d", v.Version), record.FromTemplateVersion(v))
}

// LatestTemplates returns the latest version of each template of scope.
func (t *Tx) LatestTemplates(scope string) ([]bot.TemplateVersion, error) {
	all, err := t.templateVersions("templates/" + esc(scope) + "/")
	if err != nil {
		return nil, err
	}
	var out []bot.TemplateVersion
	for i, v := range all {
		if i+1 < len(all) && strings.EqualFold(all[i+1].Name, v.Name) {
			continue // not the latest
		}
		out = append(out, v)
	}
	return out, nil
}

func scheduleKey(channel string, id uint64) string {
	return "schedules/" + esc(channel) + "/" + fmt.Sprintf("%020d", id)
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
	return t.putJSON(scheduleKey(s.Channel, s.ID), record.FromSchedule(s))
}

// Schedules returns a channel's schedules by ID.
func (t *Tx) Schedules(channel string) ([]bot.Schedule, error) {
	kvs, err := t.scanPrefix("schedules/" + esc(channel) + "/")
	if err != nil {
		return nil, err
	}
	out := make([]bot.Schedule, 0, len(kvs))
	for _, e := range kvs {
		var r record.Schedule
		if err := record.Unmarshal(e.val, &r); err != nil {
			return nil, fmt.Errorf("schedule %s: %w", e.key, err)
		}
		s, err := r.ToSchedule()
		if err != nil {
			return nil, fmt.Errorf("schedule %s: %w", e.key, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// DeleteSchedule removes a schedule.
func (t *Tx) DeleteSchedule(channel string, id uint64) error { return t.del(scheduleKey(channel, id)) }

// Setting returns a stored setting.
func (t *Tx) Setting(key string) (string, error) {
	v, ok, err := t.get("settings/" + esc(key))
	if err != nil {
		return "", err
	}
	if !ok {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// PutSetting stores a setting.
func (t *Tx) PutSetting(key, value string) error { return t.put("settings/"+esc(key), []byte(value)) }
