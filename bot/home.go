package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/facilitation"
)

// maxHomeMeetings bounds the meetings a person's home lists, and
// maxHomeSchedules the planned ones.
const (
	maxHomeMeetings  = 20
	maxHomeSchedules = 20
)

// Home is what a person's own page in a platform shows (Slack's App
// Home): the running meetings they take part in, with each one's open
// polls and their own vote, the meetings planned that concern them,
// and the templates a meeting can start from.
type Home struct {
	Meetings  []HomeMeeting
	Schedules []HomeSchedule
	Templates []HomeTemplate
	// T gives the home's texts in the person's language (the language
	// of their first meeting, or the bot's).
	T func(id string, kv ...any) string
}

// HomeMeeting is a running meeting on a person's home.
type HomeMeeting struct {
	Channel string
	Title   string
	// Item is the current agenda item, or "" before the first.
	Item  string
	Chair bool
	Polls []HomePoll
}

// HomePoll is an open poll on a person's home. Of a secret ballot it
// says nothing of anyone's vote.
type HomePoll struct {
	ID       int64
	Question string
	Secret   bool
	// Vote is what the person voted, in words, or "" if they have not.
	Vote string
}

// HomeSchedule is a planned meeting on a person's home: one they chair,
// or planned in a channel whose last meeting they took part in.
type HomeSchedule struct {
	Channel, Title, Template string
	// When is the next occurrence in words, in the schedule's zone;
	// Every is its recurrence in words, or "".
	When, Every string
}

// HomeTemplate is a template a meeting can start from.
type HomeTemplate struct{ Name, Title string }

// Home returns the home of user among the channels whose ID starts with
// prefix (one Slack workspace's: "slack:T0001/"): the running meetings
// they chaired or spoke, voted or were seen in, most recently active
// first.
func (b *Bot) Home(ctx context.Context, prefix, user string) (Home, error) {
	var h Home
	err := b.store.View(ctx, func(tx Tx) error {
		mine, err := meetingsOf(tx, prefix, user)
		if err != nil {
			return err
		}
		planned, err := schedulesOf(tx, prefix, user)
		if err != nil {
			return err
		}
		lang := b.locale
		switch {
		case len(mine) > 0:
			lang = cmp.Or(mine[0].m.Locale, lang)
		case len(planned) > 0:
			if l, err := tx.ChannelLang(planned[0].Channel); err == nil {
				lang = cmp.Or(l, lang)
			}
		}
		w := render.Words{Lang: lang, Cat: b.i18n}
		h.T = w.T
		for _, f := range mine {
			h.Meetings = append(h.Meetings, f.home(w, user))
		}
		for i := range planned {
			s := &planned[i]
			hs := HomeSchedule{Channel: s.Channel, Title: cmp.Or(s.Title, s.Template), Template: s.Template,
				When: w.Occurrence(s.Next, scheduleZone(s))}
			if s.Every != "" {
				hs.Every = w.T("ScheduleEvery" + s.Every)
			}
			h.Schedules = append(h.Schedules, hs)
		}
		h.Templates, err = b.storedTemplates(tx, strings.TrimSuffix(prefix, "/"))
		return err
	})
	if err != nil {
		return Home{}, fmt.Errorf("home of %s: %w", user, err)
	}
	for _, t := range b.templates {
		if !slices.ContainsFunc(h.Templates, func(s HomeTemplate) bool { return strings.EqualFold(s.Name, t.Name) }) {
			h.Templates = append(h.Templates, HomeTemplate{Name: t.Name, Title: t.Title})
		}
	}
	return h, nil
}

// homeFound is a running meeting on a person's home, with its open polls
// (each with the person's vote only).
type homeFound struct {
	m     *facilitation.Meeting
	polls []*facilitation.Poll
}

// meetingsOf returns the running meetings under prefix that user
// chairs, spoke, voted or was seen in, most recently active first.
func meetingsOf(tx Tx, prefix, user string) ([]homeFound, error) {
	ms, err := tx.RunningUnder(prefix)
	if err != nil {
		return nil, err
	}
	var mine []homeFound
	for _, m := range ms {
		_, err := tx.Person(m.ID, user)
		in := err == nil || m.Chair == user
		var open []*facilitation.Poll
		for _, id := range m.Polls {
			p, err := tx.PollFor(id, user)
			if err != nil || p.Closed {
				continue
			}
			open = append(open, p)
			_, voted := p.Votes[user]
			in = in || voted // a voter need not have said anything
		}
		if in {
			mine = append(mine, homeFound{m, open})
		}
	}
	slices.SortFunc(mine, func(a, b homeFound) int { return b.m.Active.Compare(a.m.Active) })
	return mine[:min(len(mine), maxHomeMeetings)], nil
}

// home is f as user's home shows it: their own vote in each open poll
// that is not secret.
func (f homeFound) home(w render.Words, user string) HomeMeeting {
	m := f.m
	hm := HomeMeeting{Channel: m.Channel, Title: m.Title, Chair: m.Chair == user}
	if it, _ := m.Agenda.Current(); it != nil {
		hm.Item = it.Title
	}
	for _, p := range f.polls {
		hp := HomePoll{ID: p.ID, Question: p.Question, Secret: p.Visibility == facilitation.Secret}
		if ballot, ok := p.Votes[user]; ok && !hp.Secret {
			hp.Vote = w.ChoiceNames(p, ballot)
		}
		hm.Polls = append(hm.Polls, hp)
	}
	return hm
}

// storedTemplates are the workspace's stored templates that parse, which
// a home lists before (and in place of) the configuration's of the same
// name.
func (b *Bot) storedTemplates(tx Tx, workspace string) ([]HomeTemplate, error) {
	if b.codec == nil {
		return nil, nil
	}
	vs, err := tx.LatestTemplates(workspace)
	if err != nil {
		return nil, err
	}
	var out []HomeTemplate
	for _, v := range vs {
		if tpl, ps := b.codec.ParseTemplate([]byte(v.YAML)); !v.Deleted && len(ps) == 0 {
			out = append(out, HomeTemplate{Name: tpl.Name, Title: tpl.Title})
		}
	}
	return out, nil
}

// schedulesOf returns the schedules under prefix that concern user, the
// soonest first: those they chair, and those of channels whose last
// meeting they took part in (a schedule of a channel they never met in
// stays off their home, as the channel may be private).
func schedulesOf(tx Tx, prefix, user string) ([]Schedule, error) {
	all, err := tx.SchedulesUnder(prefix)
	if err != nil {
		return nil, err
	}
	took := map[string]bool{} // by channel
	var out []Schedule
	for _, s := range all {
		in, seen := took[s.Channel]
		if !seen {
			m, err := tx.LastMeeting(s.Channel)
			switch {
			case err == nil:
				_, perr := tx.Person(m.ID, user)
				in = perr == nil || m.Chair == user
			case !errors.Is(err, ErrNotFound):
				return nil, err
			}
			took[s.Channel] = in
		}
		if in || s.Chair.ID == user {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Schedule) int { return a.Next.Compare(b.Next) })
	return out[:min(len(out), maxHomeSchedules)], nil
}
