package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/bot/render"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Föreningspraxis: jäv, the majority an item needs, and the register's
// guests, proxies and substitutes.

// recuse marks people as disqualified (jäv) on the current item: the
// caller alone, or (the chair) the people named.
func recuse(u *unit, a args) error {
	ids := []string{u.req.User}
	if len(a.Words) > 0 {
		var err error
		if ids, err = a.mentions(); err != nil {
			return err
		}
		if !u.isChair() && slices.ContainsFunc(ids, func(id string) bool { return id != u.req.User }) {
			return u.refuse(u.t("ChairOnly", "Chair", u.name(u.m.Chair)))
		}
	}
	added, err := u.m.Recuse(ids)
	if err != nil {
		return err
	}
	open, err := openPolls(u)
	if err != nil {
		return err
	}
	for _, p := range open { // a vote already cast on the item cannot be taken out of a secret ballot
		for _, id := range added {
			if p.ItemID == u.m.CurrentItemID() && p.HasVoted(id) {
				return u.refuse(u.t("RecusedAfterVote", "Name", u.name(id), "ID", p.ID))
			}
		}
	}
	it, _ := u.m.Agenda.Current()
	if len(added) == 0 {
		return u.refuse(u.t("RecusedAlready", "Names", words(u).List(u.names(ids))))
	}
	u.say(chat.Message{Text: u.t("Recused", "Names", words(u).List(u.names(added)), "Count", len(added), "Title", it.Title)})
	return nil
}

// recuseClear undoes a jäv on the current item.
func recuseClear(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	ids, err := a.mentions()
	if err != nil {
		return err
	}
	if ids[0] != u.req.User && !u.isChair() {
		return u.refuse(u.t("ChairOnly", "Chair", u.name(u.m.Chair)))
	}
	if err := u.m.Unrecuse(ids[0]); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("Unrecused", "Name", u.name(ids[0]))})
	return nil
}

// majority sets what a matter on the current item needs.
func majority(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	maj, err := facilitation.ParseMajority(a.text(0))
	if err != nil {
		return err
	}
	it, err := u.m.SetMajority(maj)
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("MajoritySet", "Majority", majorityText(u, maj), "Title", it.Title)})
	return nil
}

func registerGuest(u *unit, a args) error {
	if len(a.Words) == 0 {
		return cmdline.Usagef("%s", u.t("NeedMention"))
	}
	ids, err := a.mentions()
	if err != nil {
		return err
	}
	for _, id := range ids { // a guest has no vote: one on the register is struck first
		on, err := onRegister(u, id)
		if err != nil {
			return err
		}
		if on {
			return u.refuse(u.t("GuestOnRegister", "Name", u.name(id)))
		}
	}
	added := u.m.Register.AddGuests(ids)
	if len(added) == 0 {
		u.tell(chat.Message{Text: u.t("GuestsAlready")})
		return nil
	}
	u.say(chat.Message{Text: u.t("GuestsAdded", "Names", words(u).List(u.names(added)), "Count", len(added))})
	return nil
}

// registerGuestRemove takes a guest's speaking and proposal rights away.
func registerGuestRemove(u *unit, a args) error {
	if len(a.Words) == 0 {
		return cmdline.Usagef("%s", u.t("NeedMention"))
	}
	ids, err := a.mentions()
	if err != nil {
		return err
	}
	removed := u.m.Register.RemoveGuests(ids)
	if len(removed) == 0 {
		return u.refuse(u.t("GuestsNone", "Names", words(u).List(u.names(ids)), "Count", len(ids)))
	}
	u.say(chat.Message{Text: u.t("GuestsRemoved", "Names", words(u).List(u.names(removed)), "Count", len(removed))})
	return nil
}

// twoMentions reads the two @mentions of proxy and substitute, also
// as a chair says them: fullmakt @gun för @maja.
func (a args) twoMentions() (string, string, error) {
	a.Words = listItems(a.Words, "för", "for")
	if err := a.want(2, 2); err != nil {
		return "", "", err
	}
	ids, err := a.mentions()
	if err != nil {
		return "", "", err
	}
	return ids[0], ids[1], nil
}

func registerProxy(u *unit, a args) error {
	holder, member, err := a.twoMentions()
	if err != nil {
		return err
	}
	if sub := u.m.Register.SubstituteFor(member); sub != "" { // represented already, in their seat
		return u.refuse(u.t("ProxyForSubstituted", "Member", u.name(member), "Sub", u.name(sub)))
	}
	if ok, err := listedSeat(u, member); err != nil || !ok {
		if err == nil {
			err = u.refuse(u.t("ProxyNotMember", "Member", u.name(member)))
		}
		return err
	}
	if u.m.Register.ProxyHolder(member) == "" { // else on the register through that proxy, which Proxy refuses to double
		if present, err := onRegister(u, member); err != nil || present { // a member who is here votes in person
			if err == nil {
				err = u.refuse(u.t("ProxyForPresent", "Member", u.name(member)))
			}
			return err
		}
	}
	if err := u.m.Register.Proxy(holder, member); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("ProxyGiven", "Holder", u.name(holder), "Member", u.name(member))})
	if !u.m.Register.IsSet() {
		return nil
	}
	was := u.m.Register.Count
	if err := proxiedOnRegister(u); err != nil { // an adjustment of the set register
		return err
	}
	if u.m.Register.Count != was {
		return registerAdjusted(u, "")
	}
	return nil
}

// registerSubstitute lets a substitute vote in place of an absent main
// delegate: the main delegate's seat is on the register, counted once,
// and the substitute, not on it themself, casts its vote. A main
// delegate who comes after all votes in person (see arrived).
func registerSubstitute(u *unit, a args) error {
	sub, main, err := a.twoMentions()
	if err != nil {
		return err
	}
	r := &u.m.Register
	if other := r.MainOf(sub); other != "" && other != main { // else that seat would be left empty
		return u.refuse(u.t("SubstituteTaken", "Sub", u.name(sub), "Main", u.name(other)))
	}
	if holder := r.ProxyHolder(main); holder != "" {
		return u.refuse(u.t("SubstituteForProxied", "Main", u.name(main), "Holder", u.name(holder)))
	}
	if r.SubstituteFor(main) == "" { // else on the register through that substitute's seat
		if present, err := onRegister(u, main); err != nil || present { // a main delegate who is here votes in person
			if err == nil {
				err = u.refuse(u.t("SubstituteForPresent", "Main", u.name(main)))
			}
			return err
		}
	}
	if ok, err := listedSeat(u, main); err != nil || !ok {
		if err == nil {
			err = u.refuse(u.t("SubstituteNotMember", "Main", u.name(main)))
		}
		return err
	}
	if on, err := onRegister(u, sub); err != nil || on { // their own vote and the seat's would count them twice
		if err == nil {
			err = u.refuse(u.t("SubstituteOnRegister", "Sub", u.name(sub), "Main", u.name(main)))
		}
		return err
	}
	if err := r.Substitute(sub, main); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("SubstituteGiven", "Sub", u.name(sub), "Main", u.name(main))})
	seated, err := setRegistered(u, main, true)
	if err != nil || !seated {
		return err
	}
	if r.IsSet() { // an adjustment of the set register
		return registerAdjusted(u, u.t("RegisterAdded", "Names", u.name(main), "Count", r.Count))
	}
	if r.IsOpen() {
		return u.refresh(u.key(render.KindRegister))
	}
	return nil
}

// struck ends the proxies and the substitute of someone struck from the
// register (see Register.Struck), and returns what to say of it. Those
// whom the struck person represented are no longer represented: they are
// struck too, and returned.
func struck(u *unit, who string) (gone, notes []string, err error) {
	proxies, subs := u.m.Register.Struck(who)
	unrepresented := func(msg string, p facilitation.Proxy) error {
		ok, err := setRegistered(u, p.Member, false)
		if err != nil {
			return err
		}
		if ok {
			gone = append(gone, p.Member)
		}
		notes = append(notes, u.t(msg, "Holder", u.name(p.Holder), "Sub", u.name(p.Holder), "Member", u.name(p.Member), "Main", u.name(p.Member), "Struck", ok))
		return nil
	}
	for _, p := range proxies {
		if p.Holder != who {
			notes = append(notes, u.t("ProxyGiverStruck", "Member", u.name(p.Member), "Holder", u.name(p.Holder)))
			continue
		}
		if err := unrepresented("ProxyHolderStruck", p); err != nil {
			return gone, notes, err
		}
	}
	for _, p := range subs {
		if p.Holder != who {
			notes = append(notes, u.t("MainStruck", "Main", u.name(p.Member), "Sub", u.name(p.Holder)))
			continue
		}
		if err := unrepresented("SubstituteStruck", p); err != nil {
			return gone, notes, err
		}
	}
	if proxies != nil || subs != nil {
		u.touch()
	}
	return gone, notes, nil
}

// arrived ends the proxy and the substitute of a member who is here
// after all (see Register.Arrived), and says so; a protokoll keeps it
// under the § where it happened, since the seat's representative then
// leaves the attendance.
func arrived(u *unit, member string) error {
	holder, sub := u.m.Register.Arrived(member)
	if holder == "" && sub == "" {
		return nil
	}
	u.touch()
	if holder != "" {
		u.say(chat.Message{Text: u.t("ProxyEnded", "Member", u.name(member), "Holder", u.name(holder))})
	}
	if sub != "" {
		u.say(chat.Message{Text: u.t("SubstituteEnded", "Main", u.name(member), "Sub", u.name(sub))})
	}
	if !u.m.Protocol {
		return nil
	}
	return ownEntry(u, facilitation.Entry{Kind: facilitation.Note, By: u.m.Chair, At: u.now}, func() string {
		if sub != "" {
			return u.t("MinutesSubstituteEnded", "At", words(u).Clock(u.now), "Main", u.name(member), "Sub", u.name(sub))
		}
		return u.t("MinutesProxyEnded", "At", words(u).Clock(u.now), "Member", u.name(member), "Holder", u.name(holder))
	})
}

// mayPropose checks that the caller may make or support a proposal: once
// the register is set, its members and the guests given proposal rights;
// once the speaker list is closed (streck), only those on it.
func mayPropose(u *unit, support bool) error {
	if it, _ := u.m.Agenda.Current(); it != nil && slices.Contains(it.Recused, u.req.User) {
		return &facilitation.Error{Code: facilitation.ErrRecused}
	}
	if r := &u.m.Register; r.IsSet() && (support || !r.IsGuest(u.req.User)) {
		if err := mayVote(u); err != nil {
			return err
		}
	}
	if support {
		return nil
	}
	if q, ok := u.m.Queues[u.m.CurrentItemID()]; ok && q.Closed && !q.Listed(u.req.User) {
		return &facilitation.Error{Code: facilitation.ErrNotOnList}
	}
	return nil
}

// majorityText names a majority in the caller's language.
func majorityText(u *unit, maj facilitation.Majority) string {
	return u.t("Majority" + strings.NewReplacer("/", "of").Replace(string(maj)))
}

// casting gives the chair's casting vote (utslagsröst) to a tied poll whose
// chair did not vote: the latest one, or #ID.
func casting(u *unit, a args) error {
	p, err := awaitingPoll(u, a, func(r facilitation.Result) bool { return r.NeedCasting != nil })
	if err == nil && p == nil {
		if p, a, err = targetPoll(u, a, false, "*"); err != nil && !namesPoll(a) {
			return u.refuse(u.t("NoCastingWaits")) // no tie waits, and no poll is open
		}
	}
	if err != nil {
		return err
	}
	if err := ours(u, p); err != nil {
		return err
	}
	if err := a.want(1, 1); err != nil {
		return err
	}
	n, ok, err := alternativeOption(u, voteringStep(u, p), a, 0) // a votering's alternative as typed
	if !ok && err == nil {
		n, err = a.number(0)
	}
	if err != nil {
		return err
	}
	if !p.Closed {
		return &facilitation.Error{Code: facilitation.ErrNoCasting, Data: map[string]any{"ID": p.ID}}
	}
	if p.Electorate(u.electorate(p.ItemID)).Out(u.req.User) { // the casting vote is a vote: jäv keeps the chair from it too
		return u.refuse(u.t("CastingRecused"))
	}
	if p.CastingVoter != u.m.Chair {
		if settled, err := reseatCasting(u, p, n); err != nil || settled {
			return err
		}
	}
	if p.ChairNoVote { // no vote, so no casting vote: the lot decides
		return u.refuse(u.t("CastingNoVote", "ID", p.ID))
	}
	if err := p.CastVote(n); err != nil {
		return err
	}
	if err := u.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	u.say(chat.Message{Text: u.t("CastingGiven", "Chair", u.name(u.req.User), "Option", p.Options[n-1])})
	u.say(u.view().Results(pollView(u, p)))
	if err := voteringClosed(u, p); err != nil {
		return err
	}
	return u.refresh(render.PollKey(p.ID))
}

// reseatCasting gives a tie that waits for the casting vote to the chair
// now in the chair, who took over from the one at the close (one with
// jäv hands it over), and reports whether that settled it: by the rules
// of the close, their own vote in an open poll decides it, and the lot
// does where they have no vote or voted in secret. A settled tie's
// results are posted, and a chair whose own vote settled it against the
// option n they typed is told so; otherwise their casting n gives it.
func reseatCasting(u *unit, p *facilitation.Poll, n int) (bool, error) {
	if err := seatCasting(u, p); err != nil {
		return false, err
	}
	r := p.Results()
	if r.NeedCasting != nil {
		return false, nil
	}
	if r.CastingVote && len(r.Winners) == 1 && r.Winners[0] != n-1 {
		u.tell(chat.Message{Text: u.t("CastingIsOwnVote", "Option", words(u).OptionLabel(p, r.Winners[0]))})
	}
	if err := u.tx.PutPoll(p); err != nil {
		return false, fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	u.say(u.view().Results(pollView(u, p)))
	if err := voteringClosed(u, p); err != nil {
		return false, err
	}
	return true, u.refresh(render.PollKey(p.ID))
}

// registerImport reads the member list the register is held to from the
// CSV in a code block (the console reads a file into one).
func registerImport(u *unit, a args) error {
	_, block, ok := strings.Cut(u.req.Text, "```")
	if !ok {
		return cmdline.Usagef("%s", u.t("NeedMemberList"))
	}
	block, _, _ = strings.Cut(block, "```")
	if first, rest, ok := strings.Cut(block, "\n"); ok && !strings.ContainsAny(first, ",;") {
		block = rest // a language tag after the backticks
	}
	members, err := facilitation.ParseMembers(strings.NewReader(block))
	if err != nil {
		return err
	}
	return importMembers(u, members)
}

// importMembers replaces the meeting's member list, before the register
// is set, with its proxies.
func importMembers(u *unit, members []facilitation.Member) error {
	r := &u.m.Register
	if r.IsSet() {
		return &facilitation.Error{Code: facilitation.ErrRegisterSet}
	}
	r.Proxies = nil
	proxies := 0
	list := make([]Person, len(members))
	names := make(map[string]string, len(members))
	for i, m := range members {
		list[i] = Person{ID: m.ID, Name: m.Name}
		names[m.ID] = m.Name
	}
	if err := u.tx.PutMembers(u.m.ID, list); err != nil {
		return err
	}
	for _, m := range members {
		if m.ProxyFor == "" {
			continue
		}
		if err := r.Proxy(m.ID, m.ProxyFor); err != nil {
			return err
		}
		proxies++
		for _, id := range []string{m.ID, m.ProxyFor} { // their names, for the messages about their votes
			if n := names[id]; n != "" && u.lookup(id) == "" {
				if err := u.see(id, n); err != nil {
					return err
				}
			}
		}
	}
	r.Listed = len(members)
	u.say(chat.Message{Text: u.t("MembersImported", "Count", len(members), "Proxies", u.t("ProxyCount", "Count", proxies))})
	return nil
}

// listedSeat reports whether member has a seat that a proxy or a
// substitute may hold: anyone's while the register is not held to a
// member list, else a listed member's, whose name it learns from the
// list for the messages about their seat.
func listedSeat(u *unit, member string) (bool, error) {
	if u.m.Register.Listed == 0 {
		return true, nil
	}
	members, err := u.tx.Members(u.m.ID)
	if err != nil {
		return false, fmt.Errorf("load member list: %w", err)
	}
	i := slices.IndexFunc(members, func(p Person) bool { return p.ID == member })
	if i < 0 {
		return false, nil
	}
	if known := u.lookup(member); (known == "" || known == member) && members[i].Name != "" {
		if err := u.see(member, members[i].Name); err != nil {
			return false, err
		}
	}
	return true, nil
}

// listed reports whether the caller may check in from the member list:
// whether it holds them, by ID, or by an e-mail address or name it gives
// for them, in an entry that nobody else on the register has taken (a
// display name is anyone's to choose: two people named as one member
// would both vote).
func listed(u *unit) (bool, error) {
	members, err := u.tx.Members(u.m.ID)
	if err != nil {
		return false, fmt.Errorf("load member list: %w", err)
	}
	matches := func(p Person, id, name string) bool {
		return strings.EqualFold(p.ID, id) || name != "" && strings.EqualFold(p.Name, name)
	}
	var theirs []Person
	for _, p := range members {
		if matches(p, u.req.User, u.req.UserName) {
			theirs = append(theirs, p)
		}
	}
	if len(theirs) == 0 {
		return false, nil
	}
	present, err := u.tx.RegisterMembers(u.m.ID)
	if err != nil {
		return false, fmt.Errorf("load register: %w", err)
	}
	taken := 0
	for _, o := range present {
		if o.ID != u.req.User && slices.ContainsFunc(theirs, func(p Person) bool { return matches(p, o.ID, o.Name) }) {
			taken++
		}
	}
	return taken < len(theirs), nil
}

// proxiedOnRegister puts on the register the members whose proxy holder
// is on it: their votes are cast, and so counted, through the holder.
func proxiedOnRegister(u *unit) error {
	for _, p := range u.m.Register.Proxies {
		ok, err := onRegister(u, p.Holder)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if _, err := setRegistered(u, p.Member, true); err != nil {
			return err
		}
	}
	return nil
}
