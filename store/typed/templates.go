package typed

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/record"
)

// Stored templates, each change a version under its scope and lowercase
// name; schedules by channel; and small settings (a calendar feed's
// token, the key that signs editor links).

func templateKey(scope, name string) store.Key {
	return store.K(tTemplates, scope, strings.ToLower(name))
}

func decodeTemplateVersion(data []byte) (store.TemplateVersion, error) {
	var r record.TemplateVersion
	if err := record.Unmarshal(data, &r); err != nil {
		return store.TemplateVersion{}, err
	}
	return r.ToTemplateVersion()
}

// TemplateVersions returns every version of the template name (compared
// without case) stored under scope, oldest first; none is no error.
func (t *Tx) TemplateVersions(scope, name string) ([]store.TemplateVersion, error) {
	var out []store.TemplateVersion
	err := t.t.Scan(templateKey(scope, name), func(_ store.Key, v []byte) error {
		tv, err := decodeTemplateVersion(v)
		out = append(out, tv)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return out, nil
}

// AddTemplateVersion stores v as the next version of its template,
// setting v.Version (1 for the first).
func (t *Tx) AddTemplateVersion(v *store.TemplateVersion) error {
	k := templateKey(v.Scope, v.Name)
	last := uint64(0)
	err := t.t.Scan(k, func(rest store.Key, _ []byte) error {
		if len(rest) == 1 && len(rest[0]) == 8 {
			last = max(last, binary.BigEndian.Uint64([]byte(rest[0])))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("versions of template %s: %w", v.Name, err)
	}
	v.Version = int(last) + 1
	return t.putRecord(append(k, u64(uint64(v.Version))), record.FromTemplateVersion(v))
}

// LatestTemplates returns the latest version of every template stored
// under scope (deleted ones too), by name.
func (t *Tx) LatestTemplates(scope string) ([]store.TemplateVersion, error) {
	var names []string
	latest := map[string][]byte{}
	err := t.t.Scan(store.K(tTemplates, scope), func(rest store.Key, v []byte) error {
		if len(rest) != 2 {
			return nil
		}
		if _, ok := latest[rest[0]]; !ok {
			names = append(names, rest[0])
		}
		latest[rest[0]] = v // versions of a name come in order
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("templates of %s: %w", scope, err)
	}
	out := make([]store.TemplateVersion, 0, len(names))
	for _, n := range names {
		tv, err := decodeTemplateVersion(latest[n])
		if err != nil {
			return nil, fmt.Errorf("templates of %s: %w", scope, err)
		}
		out = append(out, tv)
	}
	return out, nil
}

// PutSchedule stores a schedule, giving a new one (ID 0) an ID.
func (t *Tx) PutSchedule(s *store.Schedule) error {
	if s.ID == 0 {
		id, err := t.NextID("schedule")
		if err != nil {
			return err
		}
		s.ID = id
	}
	return t.putRecord(store.K(tSchedules, s.Channel, u64(s.ID)), record.FromSchedule(s))
}

// Schedules returns the schedules of a channel, by ID.
func (t *Tx) Schedules(channel string) ([]store.Schedule, error) {
	var out []store.Schedule
	err := t.t.Scan(store.K(tSchedules, channel), func(_ store.Key, v []byte) error {
		s, err := decodeSchedule(v)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("schedules of %s: %w", channel, err)
	}
	return out, nil
}

// SchedulesUnder returns the schedules of the channels whose ID starts
// with prefix ("slack:T1/": one workspace's), by channel and ID.
func (t *Tx) SchedulesUnder(prefix string) ([]store.Schedule, error) {
	var out []store.Schedule
	err := t.t.Scan(store.K(tSchedules), func(k store.Key, v []byte) error {
		if !strings.HasPrefix(k[0], prefix) {
			return nil
		}
		s, err := decodeSchedule(v)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("schedules under %s: %w", prefix, err)
	}
	return out, nil
}

// decodeSchedule decodes a stored schedule.
func decodeSchedule(v []byte) (store.Schedule, error) {
	var r record.Schedule
	if err := record.Unmarshal(v, &r); err != nil {
		return store.Schedule{}, err
	}
	return r.ToSchedule()
}

// DeleteSchedule removes a schedule; removing none is no error.
func (t *Tx) DeleteSchedule(channel string, id uint64) error {
	return t.t.Delete(store.K(tSchedules, channel, u64(id)))
}

// Setting returns the value stored under key, or store.ErrNotFound.
func (t *Tx) Setting(key string) (string, error) {
	v, err := t.t.Get(store.K(tSettings, key))
	return string(v), err
}

// PutSetting stores value under key.
func (t *Tx) PutSetting(key, value string) error {
	return t.t.Put(store.K(tSettings, key), []byte(value))
}
