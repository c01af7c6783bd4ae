package facilitation

import (
	"slices"
	"strings"
	"time"
)

// Föreningspraxis on top of the formal meeting: jäv per item, the
// majority an item needs, and the register's guests, proxies and
// substitutes.

// currentItem is the current agenda item, or a refusal.
func (m *Meeting) currentItem() (*Item, error) {
	it, _ := m.Agenda.Current()
	if it == nil {
		return nil, errorf(ErrNoCurrentItem)
	}
	return it, nil
}

// Recuse marks people as disqualified (jäv) on the current item, and
// returns those not marked already.
func (m *Meeting) Recuse(ids []string) ([]string, error) {
	it, err := m.currentItem()
	if err != nil {
		return nil, err
	}
	added := notIn(it.Recused, ids)
	it.Recused = append(it.Recused, added...)
	return added, nil
}

// notIn returns the ids not in have, each once, in their order.
func notIn(have, ids []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(have, id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Unrecuse undoes who's jäv on the current item.
func (m *Meeting) Unrecuse(who string) error {
	it, err := m.currentItem()
	if err != nil {
		return err
	}
	i := slices.Index(it.Recused, who)
	if i < 0 {
		return errorf(ErrNotRecused, "Who", who)
	}
	it.Recused = slices.Delete(it.Recused, i, i+1)
	if len(it.Recused) == 0 {
		it.Recused = nil
	}
	return nil
}

// SetMajority sets what a matter on the current item needs.
func (m *Meeting) SetMajority(maj Majority) (*Item, error) {
	it, err := m.currentItem()
	if err != nil {
		return nil, err
	}
	it.Majority = maj
	return it, nil
}

// IsGuest reports whether who has speaking and proposal rights without a vote.
func (r *Register) IsGuest(who string) bool { return slices.Contains(r.Guests, who) }

// AddGuests gives people speaking and proposal rights, and returns those
// who did not have them.
func (r *Register) AddGuests(ids []string) []string {
	added := notIn(r.Guests, ids)
	r.Guests = append(r.Guests, added...)
	return added
}

// RemoveGuests takes speaking and proposal rights from guests, and
// returns those who had them.
func (r *Register) RemoveGuests(ids []string) []string {
	var removed []string
	r.Guests = slices.DeleteFunc(r.Guests, func(g string) bool {
		if slices.Contains(ids, g) {
			removed = append(removed, g)
			return true
		}
		return false
	})
	return removed
}

// Proxy lets holder cast member's vote too (fullmakt). A member has one
// proxy; a holder holds at most MaxProxies (1 unless the template says).
func (r *Register) Proxy(holder, member string) error {
	if holder == member {
		return errorf(ErrProxySelf)
	}
	limit := max(r.MaxProxies, 1)
	held := 0
	for _, p := range r.Proxies {
		switch {
		case p.Member == member:
			return errorf(ErrHasProxy, "Member", member, "Holder", p.Holder)
		case p.Member == holder || p.Holder == member: // a chain: one who gave their vote away cannot cast another's
			return errorf(ErrProxyChain)
		case p.Holder == holder:
			held++
		}
	}
	if held >= limit {
		return errorf(ErrProxyLimit, "Max", limit, "Count", limit, "Holder", holder)
	}
	r.Proxies = append(r.Proxies, Proxy{Holder: holder, Member: member})
	return nil
}

// ProxyHolder is who holds member's proxy, or "".
func (r *Register) ProxyHolder(member string) string {
	return pairOf(r.Proxies, func(p Proxy) bool { return p.Member == member }).Holder
}

// SubstituteFor is the substitute who stands in for main, or "".
func (r *Register) SubstituteFor(main string) string {
	return pairOf(r.Substitutes, func(p Proxy) bool { return p.Member == main }).Holder
}

// pairOf is the first proxy or substitution in ps that match accepts, or
// the zero Proxy (both of whose names are "").
func pairOf(ps []Proxy, match func(Proxy) bool) Proxy {
	if i := slices.IndexFunc(ps, match); i >= 0 {
		return ps[i]
	}
	return Proxy{}
}

// Arrived ends the proxy and the substitute of a member who is here
// after all, checking in or voting in person: they vote for themself.
// It returns who held the proxy and who was the substitute ("" for
// none). The lists are copied, not changed in place, as electorates
// share them.
func (r *Register) Arrived(member string) (holder, sub string) {
	holder, sub = r.ProxyHolder(member), r.SubstituteFor(member)
	drop := func(p Proxy) bool { return p.Member == member }
	if holder != "" {
		r.Proxies = slices.DeleteFunc(slices.Clone(r.Proxies), drop)
	}
	if sub != "" {
		r.Substitutes = slices.DeleteFunc(slices.Clone(r.Substitutes), drop)
	}
	return holder, sub
}

// Substitute lets sub vote in place of the main delegate (ersättare),
// replacing any substitute main had. A member who gave a proxy is
// represented already.
func (r *Register) Substitute(sub, main string) error {
	if sub == main {
		return errorf(ErrProxySelf)
	}
	if holder := r.ProxyHolder(main); holder != "" {
		return errorf(ErrHasProxy, "Member", main, "Holder", holder)
	}
	r.Substitutes = slices.DeleteFunc(slices.Clone(r.Substitutes), func(p Proxy) bool { return p.Member == main || p.Holder == sub })
	r.Substitutes = append(r.Substitutes, Proxy{Holder: sub, Member: main})
	return nil
}

// MainOf is the main delegate sub stands in for, or "".
func (r *Register) MainOf(sub string) string {
	return pairOf(r.Substitutes, func(p Proxy) bool { return p.Holder == sub }).Member
}

// Struck ends the proxies and substitutes of someone struck from the
// register: those they hold or stand in as, and the one given for them
// or standing in for them. It returns the ended ones. The lists are
// copied, not changed in place, as electorates share them.
func (r *Register) Struck(who string) (proxies, subs []Proxy) {
	involved := func(p Proxy) bool { return p.Holder == who || p.Member == who }
	for _, p := range r.Proxies {
		if involved(p) {
			proxies = append(proxies, p)
		}
	}
	for _, p := range r.Substitutes {
		if involved(p) {
			subs = append(subs, p)
		}
	}
	if proxies != nil {
		r.Proxies = slices.DeleteFunc(slices.Clone(r.Proxies), involved)
	}
	if subs != nil {
		r.Substitutes = slices.DeleteFunc(slices.Clone(r.Substitutes), involved)
	}
	return proxies, subs
}

// Listed reports whether who is on the speaker list of the item: waiting,
// speaking or having spoken. After a streck only they may propose.
func (q *Queue) Listed(who string) bool {
	if q.Current != nil && q.Current.Who == who {
		return true
	}
	return slices.ContainsFunc(q.Waiting, func(r Request) bool { return r.Who == who }) ||
		slices.ContainsFunc(q.History, func(t Turn) bool { return t.Who == who })
}

// closingTitles are the titles of a closing item (mötets avslutande),
// which stays last when items are added.
var closingTitles = []string{"mötets avslutande", "mötets avslutning", "mötet avslutas", "closing", "closing of the meeting", "meeting closes"}

// AddBeforeClosing adds an item, before the agenda's last item if that is
// the pending closing of the meeting, and returns it with its position.
func (a *Agenda) AddBeforeClosing(title string, timebox time.Duration) (*Item, int, error) {
	it, err := a.Add(title, timebox)
	if err != nil {
		return nil, 0, err
	}
	n := len(a.Items)
	if n >= 2 {
		if last := a.Items[n-2]; last.State == Pending && slices.Contains(closingTitles, strings.ToLower(strings.TrimSpace(last.Title))) {
			a.Items[n-2], a.Items[n-1] = it, last
			return it, n - 1, nil
		}
	}
	return it, n, nil
}
