package record

import (
	"slices"
	"time"

	"github.com/klubba/klubba/facilitation"
)

// Poll is a poll's header as stored: its question, options and state.
// Its votes are stored apart (see EncodeBallot).
type Poll struct {
	ID           int64         `json:"id"`
	Channel      string        `json:"channel"`
	MeetingID    string        `json:"meeting_id"`
	Question     string        `json:"question"`
	Kind         string        `json:"kind"`
	Options      []string      `json:"options"`
	MaxChoices   int           `json:"max_choices"`
	MinChoices   int           `json:"min_choices,omitempty"`
	Seats        int           `json:"seats,omitempty"`
	Method       string        `json:"method,omitempty"`
	Tie          string        `json:"tie,omitempty"`
	Visibility   string        `json:"visibility"`
	Hidden       bool          `json:"hidden,omitempty"`
	Creator      string        `json:"creator"`
	Created      string        `json:"created"`
	CloseAfter   time.Duration `json:"close_after,omitempty"`
	Closed       bool          `json:"closed,omitempty"`
	ClosedAt     string        `json:"closed_at,omitempty"`
	ItemID       int           `json:"item_id,omitempty"`
	Register     bool          `json:"register,omitempty"`
	Excluded     []string      `json:"excluded,omitempty"`
	CastingVoter string        `json:"casting_voter,omitempty"`
	Draws        []Draw        `json:"draws,omitempty"`
	Purpose      string        `json:"purpose,omitempty"`
	Casting      int           `json:"casting,omitempty"`
	ChairNoVote  bool          `json:"chair_no_vote,omitempty"`
	Majority     string        `json:"majority,omitempty"`
	// AdjustedFrom and AdjustedTo count the register's adjustments when
	// the poll opened and closed.
	AdjustedFrom int `json:"adjusted_from,omitempty"`
	AdjustedTo   int `json:"adjusted_to,omitempty"`
}

// Draw is a lot drawn for a poll's count, as stored.
type Draw struct {
	Among  []int  `json:"among"`
	Picked []int  `json:"picked"`
	At     string `json:"at"`
}

// FromPoll is the stored header of p, without its votes. It may share
// slices with p.
func FromPoll(p *facilitation.Poll) Poll {
	r := Poll{
		ID: p.ID, Channel: p.Channel, MeetingID: p.MeetingID, Question: p.Question, Kind: string(p.Kind),
		Options: p.Options, MaxChoices: p.MaxChoices, MinChoices: p.MinChoices, Seats: p.Seats,
		Method: string(p.Method), Tie: string(p.Tie), Visibility: string(p.Visibility), Hidden: p.Hidden,
		Creator: p.Creator, Created: formatTime(p.Created), CloseAfter: p.CloseAfter,
		Closed: p.Closed, ClosedAt: formatOptional(p.ClosedAt), ItemID: p.ItemID, Register: p.Register,
		Excluded: p.Excluded, CastingVoter: p.CastingVoter, Purpose: p.Purpose, Casting: p.Casting, ChairNoVote: p.ChairNoVote, Majority: string(p.Majority),
		AdjustedFrom: p.AdjustedFrom, AdjustedTo: p.AdjustedTo,
	}
	if p.Draws != nil {
		r.Draws = make([]Draw, len(p.Draws))
		for i, d := range p.Draws {
			r.Draws[i] = Draw{Among: d.Among, Picked: d.Picked, At: formatTime(d.At)}
		}
	}
	return r
}

// ToPoll is the poll r stores, ready for its ballots, which are stored
// apart: with an empty Votes map, or for a secret poll an empty Voters
// map. It shares nothing with r, which may be a cached record that
// many read.
func (r Poll) ToPoll() (*facilitation.Poll, error) {
	var x parser
	p := &facilitation.Poll{
		ID: r.ID, Channel: r.Channel, MeetingID: r.MeetingID, Question: r.Question, Kind: facilitation.PollKind(r.Kind),
		Options: slices.Clone(r.Options), MaxChoices: r.MaxChoices, MinChoices: r.MinChoices, Seats: r.Seats,
		Method: facilitation.Method(r.Method), Tie: facilitation.TieRule(r.Tie), Visibility: facilitation.Visibility(r.Visibility),
		Hidden: r.Hidden, Creator: r.Creator, Created: x.time(r.Created), CloseAfter: r.CloseAfter,
		Closed: r.Closed, ClosedAt: x.time(r.ClosedAt), ItemID: r.ItemID, Register: r.Register,
		Excluded: slices.Clone(r.Excluded), CastingVoter: r.CastingVoter, Purpose: r.Purpose, Casting: r.Casting, ChairNoVote: r.ChairNoVote, Majority: facilitation.Majority(r.Majority),
		AdjustedFrom: r.AdjustedFrom, AdjustedTo: r.AdjustedTo,
	}
	if r.Draws != nil {
		p.Draws = make([]facilitation.Draw, len(r.Draws))
		for i, d := range r.Draws {
			p.Draws[i] = facilitation.Draw{Among: slices.Clone(d.Among), Picked: slices.Clone(d.Picked), At: x.time(d.At)}
		}
	}
	if x.err != nil {
		return nil, x.err
	}
	if p.Visibility == facilitation.Secret {
		p.Voters = map[string]bool{}
	} else {
		p.Votes = map[string]facilitation.Ballot{}
	}
	return p, nil
}
