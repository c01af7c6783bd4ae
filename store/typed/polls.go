package typed

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/klubba/klubba/facilitation"
	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/record"
)

// The secret ballot, kept in this file only (docs/architecture.md, "the
// store"): a secret poll's ballots are kept as a voter roll, which says
// who voted, and a ballot box, which holds the ballots under random keys,
// so that nothing stored links a voter to a ballot, nor tells the order
// of voting. The box's keys share nothing with the roll's. When the poll
// closes, the backend is asked to seal the box (store.Sealer): to leave
// nothing in its history (bbolt's freed pages, etcd's old revisions)
// that pairs a roll key with a box key written in the same transaction.
// While a secret poll is open it is listed under secret_open, so that a
// backup can wait for it to close.

// Poll returns a poll with its votes.
func (t *Tx) Poll(id int64) (*facilitation.Poll, error) {
	p, err := t.pollHeader(id)
	if err != nil {
		return nil, err
	}
	if p.Visibility == facilitation.Secret {
		err := t.t.Scan(store.K(tVoters, pollKey(id)), func(k store.Key, _ []byte) error {
			p.Voters[k[0]] = true
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = t.t.Scan(store.K(tBallots, pollKey(id)), func(_ store.Key, v []byte) error {
			p.Ballots = append(p.Ballots, record.DecodeBallot(v))
			return nil
		})
		return p, err
	}
	err = t.t.Scan(store.K(tVotes, pollKey(id)), func(k store.Key, v []byte) error {
		p.Votes[k[0]] = record.DecodeBallot(v)
		return nil
	})
	return p, err
}

func (t *Tx) pollHeader(id int64) (*facilitation.Poll, error) {
	key := pollKey(id)
	data, err := t.t.Get(store.K(tPolls, key))
	if err != nil {
		return nil, fmt.Errorf("poll %d: %w", id, err)
	}
	r, ok := t.s.polls.get(key, data)
	if !ok {
		r = new(record.Poll)
		if err := record.Unmarshal(data, r); err != nil {
			return nil, fmt.Errorf("poll %d: %w", id, err)
		}
		t.s.polls.put(key, bytes.Clone(data), *r) // data is valid only in the transaction
	}
	p, err := r.ToPoll()
	if err != nil {
		return nil, fmt.Errorf("poll %d: %w", id, err)
	}
	return p, nil
}

// PollFor returns a poll with only voter's own vote (none for ""), so
// that a vote costs the same at the first ballot as at the thousandth.
func (t *Tx) PollFor(id int64, voter string) (*facilitation.Poll, error) {
	p, err := t.pollHeader(id)
	if err != nil || voter == "" {
		return p, err
	}
	if p.Visibility == facilitation.Secret {
		voted, err := t.has(store.K(tVoters, pollKey(id), voter))
		if voted {
			p.Voters[voter] = true
		}
		return p, err
	}
	v, err := t.t.Get(store.K(tVotes, pollKey(id), voter))
	switch {
	case err == nil:
		p.Votes[voter] = record.DecodeBallot(v)
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	return p, nil
}

// PutPoll stores a poll's question, options and state, not its votes.
// Closing a secret poll seals its box.
func (t *Tx) PutPoll(p *facilitation.Poll) error {
	if err := t.putRecord(store.K(tPolls, pollKey(p.ID)), record.FromPoll(p)); err != nil {
		return fmt.Errorf("put poll %d: %w", p.ID, err)
	}
	if p.Visibility != facilitation.Secret {
		return nil
	}
	open := store.K(tSecretOpen, pollKey(p.ID))
	if !p.Closed {
		return t.t.Put(open, []byte{1})
	}
	wasOpen, err := t.has(open)
	if err != nil || !wasOpen {
		return err
	}
	if err := t.t.Delete(open); err != nil {
		return err
	}
	if s, ok := t.t.(store.Sealer); ok {
		return s.Seal(store.K(tBallots, pollKey(p.ID)))
	}
	return nil
}

func (t *Tx) pollExists(id int64) error {
	ok, err := t.has(store.K(tPolls, pollKey(id)))
	if err == nil && !ok {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("poll %d: %w", id, err)
	}
	return nil
}

// PutVote stores the ballot of voter in an open or anonymous poll,
// replacing an earlier one.
func (t *Tx) PutVote(pollID int64, voter string, b facilitation.Ballot) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	return t.t.Put(store.K(tVotes, pollKey(pollID), voter), record.EncodeBallot(b))
}

// DeleteVote withdraws the ballot of voter in an open or anonymous poll;
// withdrawing a vote never cast is no error. Secret ballots are never
// withdrawn.
func (t *Tx) DeleteVote(pollID int64, voter string) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	return t.t.Delete(store.K(tVotes, pollKey(pollID), voter))
}

// CastBallot stores a secret ballot: it records that voter voted in the
// roll and, apart from that, the ballot in the box under a random key,
// so that nothing links the two. A voter casts one ballot.
func (t *Tx) CastBallot(pollID int64, voter string, b facilitation.Ballot) error {
	if err := t.pollExists(pollID); err != nil {
		return err
	}
	roll := store.K(tVoters, pollKey(pollID), voter)
	voted, err := t.has(roll)
	if err != nil {
		return err
	}
	if voted {
		return fmt.Errorf("poll %d: voter has already cast a ballot", pollID)
	}
	if err := t.t.Put(roll, []byte{}); err != nil {
		return err
	}
	return t.t.Put(store.K(tBallots, pollKey(pollID), rand.Text()), record.EncodeBallot(b))
}
