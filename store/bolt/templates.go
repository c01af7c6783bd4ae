package bolt

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/store/record"
	bolt "go.etcd.io/bbolt"
)

var _ bot.TemplateTx = (*Tx)(nil)

// Buckets of the stored templates (bot.TemplateTx).
var (
	bucketTemplates = []byte("templates") // scope -> lowercase name + 0 + version (8 bytes) -> version
	bucketSchedules = []byte("schedules") // channel -> ID (8 bytes) -> schedule
	bucketSettings  = []byte("settings")  // key -> value
)

// createTemplates creates the buckets of the stored templates; Open calls
// it, so that they need no migration (an older file has none yet).
func createTemplates(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketTemplates, bucketSchedules, bucketSettings} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	})
}

func templatePrefix(name string) []byte { return append([]byte(strings.ToLower(name)), 0) }

func templateKey(name string, version int) []byte {
	return binary.BigEndian.AppendUint64(templatePrefix(name), uint64(version))
}

func decodeTemplateVersion(data []byte) (bot.TemplateVersion, error) {
	var r record.TemplateVersion
	if err := record.Unmarshal(data, &r); err != nil {
		return bot.TemplateVersion{}, err
	}
	return r.ToTemplateVersion()
}

// TemplateVersions returns every version of a stored template, oldest first.
func (t *Tx) TemplateVersions(scope, name string) ([]bot.TemplateVersion, error) {
	b := t.tx.Bucket(bucketTemplates).Bucket([]byte(scope))
	if b == nil {
		return nil, nil
	}
	var out []bot.TemplateVersion
	prefix := templatePrefix(name)
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		tv, err := decodeTemplateVersion(v)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out = append(out, tv)
	}
	return out, nil
}

// AddTemplateVersion stores the next version of a template.
func (t *Tx) AddTemplateVersion(v *bot.TemplateVersion) error {
	b, err := t.tx.Bucket(bucketTemplates).CreateBucketIfNotExists([]byte(v.Scope))
	if err != nil {
		return err
	}
	prefix := templatePrefix(v.Name)
	v.Version = 1
	// The last key of the name is its latest version: seek past it, step back.
	c := b.Cursor()
	k, _ := c.Seek(append(bytes.Clone(prefix[:len(prefix)-1]), 1))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+8 {
		v.Version = int(binary.BigEndian.Uint64(k[len(prefix):])) + 1
	}
	return putJSON(b, templateKey(v.Name, v.Version), record.FromTemplateVersion(v))
}

// LatestTemplates returns the latest version of each template of scope.
func (t *Tx) LatestTemplates(scope string) ([]bot.TemplateVersion, error) {
	b := t.tx.Bucket(bucketTemplates).Bucket([]byte(scope))
	if b == nil {
		return nil, nil
	}
	var out []bot.TemplateVersion
	c := b.Cursor()
	for k, v := c.First(); k != nil; {
		name := k[:bytes.IndexByte(k, 0)+1]
		last := v
		for k, v = c.Next(); k != nil && bytes.HasPrefix(k, name); k, v = c.Next() {
			last = v
		}
		tv, err := decodeTemplateVersion(last)
		if err != nil {
			return nil, fmt.Errorf("templates of %s: %w", scope, err)
		}
		out = append(out, tv)
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
	b, err := t.tx.Bucket(bucketSchedules).CreateBucketIfNotExists([]byte(s.Channel))
	if err != nil {
		return err
	}
	return putJSON(b, binary.BigEndian.AppendUint64(nil, s.ID), record.FromSchedule(s))
}

// Schedules returns a channel's schedules by ID.
func (t *Tx) Schedules(channel string) ([]bot.Schedule, error) {
	var out []bot.Schedule
	err := each(t.tx.Bucket(bucketSchedules).Bucket([]byte(channel)), func(_, v []byte) error {
		var r record.Schedule
		if err := record.Unmarshal(v, &r); err != nil {
			return err
		}
		s, err := r.ToSchedule()
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("schedules of %s: %w", channel, err)
	}
	return out, nil
}

// DeleteSchedule removes a schedule.
func (t *Tx) DeleteSchedule(channel string, id uint64) error {
	b := t.tx.Bucket(bucketSchedules).Bucket([]byte(channel))
	if b == nil {
		return nil
	}
	return b.Delete(binary.BigEndian.AppendUint64(nil, id))
}

// Setting returns a stored setting.
func (t *Tx) Setting(key string) (string, error) {
	v := t.tx.Bucket(bucketSettings).Get([]byte(key))
	if v == nil {
		return "", bot.ErrNotFound
	}
	return string(v), nil
}

// PutSetting stores a setting.
func (t *Tx) PutSetting(key, value string) error {
	return t.tx.Bucket(bucketSettings).Put([]byte(key), []byte(value))
}
