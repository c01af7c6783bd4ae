package typed

import (
	"fmt"

	"github.com/klubba/klubba/store"
)

// DeleteMeeting deletes an ended meeting and everything stored for it:
// its record, participants, register and member list, minutes entries, polls with their
// votes and ballots, board token, and the texts kept apart under scopes
// (bot.MeetingScopes), for retention. A backend whose history keeps what
// was deleted (store.Sealer) is asked to forget it.
func (t *Tx) DeleteMeeting(id string, scopes []string) error {
	m, err := t.Meeting(id)
	if err != nil {
		return err
	}
	if m.Running() {
		return fmt.Errorf("delete meeting %s: it is running", id)
	}
	var prefixes []store.Key
	for _, pid := range m.Polls {
		pk := pollKey(pid)
		prefixes = append(prefixes, store.K(tVotes, pk), store.K(tVoters, pk), store.K(tBallots, pk), store.K(tSecretOpen, pk))
		if err := t.t.Delete(store.K(tPolls, pk)); err != nil {
			return fmt.Errorf("delete poll %d of meeting %s: %w", pid, id, err)
		}
	}
	prefixes = append(prefixes, store.K(tPeople, id), store.K(tEntries, id), store.K(tRegister, id), store.K(tMembers, id))
	for _, p := range prefixes {
		if err := t.deleteAll(p); err != nil {
			return fmt.Errorf("delete %s of meeting %s: %w", p[0], id, err)
		}
	}
	if token, err := t.BoardToken(id); err == nil {
		if err := t.t.Delete(boardTokenKey(token)); err != nil {
			return err
		}
	}
	if err := t.t.Delete(boardMeetingKey(id)); err != nil {
		return err
	}
	for _, scope := range scopes {
		if err := t.DropAnonymous(scope); err != nil {
			return err
		}
	}
	if err := t.t.Delete(store.K(tJustering, m.Channel, id)); err != nil {
		return err
	}
	if last, err := t.t.Get(store.K(tLast, m.Channel)); err == nil && string(last) == id {
		if err := t.t.Delete(store.K(tLast, m.Channel)); err != nil {
			return err
		}
	}
	if err := t.t.Delete(store.K(tMeetings, id)); err != nil {
		return err
	}
	if s, ok := t.t.(store.Sealer); ok {
		return s.Seal(store.K(tMeetings, id))
	}
	return nil
}
