package bot

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/facilitation"
)

// words speak the unit's language.
func words(u *unit) render.Words {
	return render.Words{Lang: u.lang, Cat: u.b.i18n, Zone: u.b.zoneOfMeeting(u.m)}
}

// view is what the unit's messages are rendered from. It loads the
// meeting's people once; a store error fails the command (see fail), so
// that a message is never drawn from half its state.
func (u *unit) view() *render.View {
	if u.loadedView() == nil {
		v, err := loadView(u.tx, u.m)
		if err != nil {
			u.fail(err)
		}
		u.v = v
	}
	u.v.Words, u.v.Meeting, u.v.Now = words(u), u.m, u.now
	return u.v
}

// namesView is a view that knows the names of ids only, for a message
// that shows no one else: loading the full view reads every participant
// (2,000 in a big meeting, a tenth of `next`'s time). It is the unit's
// view if that is already loaded.
func namesView(u *unit, ids ...string) *render.View {
	if u.loadedView() != nil {
		return u.view()
	}
	v := &render.View{Words: words(u), Meeting: u.m, Now: u.now, Names: make(map[string]string, len(ids))}
	for _, id := range ids {
		if n := u.lookup(id); n != "" {
			v.Names[id] = n
		}
	}
	return v
}

// loadedView is the unit's view if it is loaded for the current meeting.
func (u *unit) loadedView() *render.View {
	if u.v == nil || u.m == nil || u.v.Meeting == nil || u.v.Meeting.ID != u.m.ID {
		return nil
	}
	return u.v
}

// loadView loads the people of meeting m, if any.
func loadView(tx Tx, m *facilitation.Meeting) (*render.View, error) {
	v := &render.View{Meeting: m, Names: map[string]string{}}
	if m == nil {
		return v, nil
	}
	people, err := tx.People(m.ID)
	if err != nil {
		return v, fmt.Errorf("load participants of %s: %w", m.ID, err)
	}
	v.People, v.Names = make([]string, len(people)), make(map[string]string, len(people))
	for i, p := range people {
		v.People[i], v.Names[p.ID] = p.ID, p.Name
	}
	return v, nil
}

// pollView is p with what its messages need besides it: how many may
// vote, and a closed evaluation's comments.
func pollView(u *unit, p *facilitation.Poll) render.Poll {
	pv, err := loadPoll(u.tx, u.m, p)
	if err != nil {
		u.fail(err)
	}
	return pv
}

func loadPoll(tx Tx, m *facilitation.Meeting, p *facilitation.Poll) (render.Poll, error) {
	pv := render.Poll{Poll: p}
	if p.Purpose == facilitation.Votering && m != nil && m.Voting != nil && m.ID == p.MeetingID {
		if s := m.Voting.PollStep(p.ID); s != nil {
			pv.Alternatives = s.Alternatives
		}
	}
	if p.Register && m != nil && m.ID == p.MeetingID {
		base, err := m.Register.Base(p, electorate(tx, m, p.ItemID))
		if err != nil {
			return pv, err
		}
		pv.Eligible, pv.Kept, pv.Adjusted = base.Of, base.Kept, base.Adjusted
	}
	if p.Closed && p.Purpose == facilitation.Evaluation {
		texts, err := tx.Anonymous(commentScope(p.ID))
		if err != nil {
			return pv, fmt.Errorf("load comments of poll %d: %w", p.ID, err)
		}
		slices.Sort(texts)
		pv.Comments = texts
	}
	return pv, nil
}

// fail records a store error met while rendering; the command then
// fails as a whole rather than show a message drawn from half its state.
func (u *unit) fail(err error) {
	if u.failed == nil {
		u.failed = err
	}
}

// zones holds the time zones loaded, by name; nil for a name this
// build does not know.
var zones sync.Map

// zoneNamed is the time zone named name, loaded once; nil for "" or a
// name this build does not know (a meeting's times are then written as
// they were taken).
func zoneNamed(name string) *time.Location {
	if name == "" {
		return nil
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	zones.Store(name, loc)
	return loc
}

// zoneOfMeeting is the time zone m's clock times are written in.
func (b *Bot) zoneOfMeeting(m *facilitation.Meeting) *time.Location {
	if m == nil || m.Zone == "" { // no meeting, or one kept before meetings had a zone
		return b.clockZone
	}
	return zoneNamed(m.Zone)
}
