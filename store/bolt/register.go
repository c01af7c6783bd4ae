package bolt

import (
	"fmt"

	"github.com/klubba/klubba/bot"
	bolt "go.etcd.io/bbolt"
)

// bucketRegister holds the voting registers: meeting ID -> person ID -> name.
var bucketRegister = []byte("register")

// SetRegistered adds p to or removes them from a meeting's voting
// register, and reports whether that changed anything.
func (t *Tx) SetRegistered(meetingID string, p bot.Person, on bool) (bool, error) {
	reg, err := t.tx.Bucket(bucketRegister).CreateBucketIfNotExists([]byte(meetingID))
	if err != nil {
		return false, fmt.Errorf("register of %s: %w", meetingID, err)
	}
	was := reg.Get([]byte(p.ID)) != nil
	switch {
	case on == was:
		return false, nil
	case on:
		err = reg.Put([]byte(p.ID), []byte(p.Name))
	default:
		err = reg.Delete([]byte(p.ID))
	}
	if err != nil {
		return false, fmt.Errorf("register of %s: %w", meetingID, err)
	}
	return true, nil
}

// Registered reports whether id is on a meeting's voting register.
func (t *Tx) Registered(meetingID, id string) (bool, error) {
	reg := t.tx.Bucket(bucketRegister).Bucket([]byte(meetingID))
	return reg != nil && reg.Get([]byte(id)) != nil, nil
}

// RegisterMembers returns the people on a meeting's voting register, in
// ID order.
func (t *Tx) RegisterMembers(meetingID string) ([]bot.Person, error) {
	var out []bot.Person
	err := each(t.tx.Bucket(bucketRegister).Bucket([]byte(meetingID)), func(k, v []byte) error {
		out = append(out, bot.Person{ID: string(k), Name: string(v)})
		return nil
	})
	return out, err
}

// createRegister is the migration that adds the registers' bucket.
func createRegister(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketRegister)
	return err
}
