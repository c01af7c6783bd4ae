package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// Föreningspraxis: jäv, the majority an item needs, and the register's
// guests, proxies and substitutes.

// recuse marks people as disqualified (jäv) on the current item: the
// caller alone, or (the chair) the people named.
func (c *call) recuse() error {
	ids := []string{c.req.User}
	if len(c.args.Words) > 0 {
		var err error
		if ids, err = c.mentions(); err != nil {
			return err
		}
		if !c.isChair() && slices.ContainsFunc(ids, func(id string) bool { return id != c.req.User }) {
			return c.refuse(c.t("ChairOnly", "Chair", c.name(c.m.Chair)))
		}
	}
	added, err := c.m.Recuse(ids)
	if err != nil {
		return err
	}
	open, err := c.openPolls()
	if err != nil {
		return err
	}
	for _, p := range open { // a vote already cast on the item cannot be taken out of a secret ballot
		for _, id := range added {
			if p.ItemID == c.m.CurrentItemID() && p.HasVoted(id) {
				return c.refuse(c.t("RecusedAfterVote", "Name", c.name(id), "ID", p.ID))
			}
		}
	}
	it, _ := c.m.Agenda.Current()
	if len(added) == 0 {
		return c.refuse(c.t("RecusedAlready", "Names", c.words().List(c.names(ids))))
	}
	c.say(chat.Message{Text: c.t("Recused", "Names", c.words().List(c.names(added)), "Count", len(added), "Title", it.Title)})
	return nil
}

// recuseClear undoes a jäv on the current item.
func (c *call) recuseClear() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	ids, err := c.mentions()
	if err != nil {
		return err
	}
	if ids[0] != c.req.User && !c.isChair() {
		return c.refuse(c.t("ChairOnly", "Chair", c.name(c.m.Chair)))
	}
	if err := c.m.Unrecuse(ids[0]); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("Unrecused", "Name", c.name(ids[0]))})
	return nil
}

// majority sets what a matter on the current item needs.
func (c *call) majority() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	maj, err := facilitation.ParseMajority(c.text(0))
	if err != nil {
		return err
	}
	it, err := c.m.SetMajority(maj)
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("MajoritySet", "Majority", c.majorityText(maj), "Title", it.Title)})
	return nil
}

func (c *call) registerGuest() error {
	if len(c.args.Words) == 0 {
		return cmdline.Usagef("%s", c.t("NeedMention"))
	}
	ids, err := c.mentions()
	if err != nil {
		return err
	}
	added := c.m.Register.AddGuests(ids)
	if len(added) == 0 {
		c.tell(chat.Message{Text: c.t("GuestsAlready")})
		return nil
	}
	c.say(chat.Message{Text: c.t("GuestsAdded", "Names", c.words().List(c.names(added)), "Count", len(added))})
	return nil
}

// twoMentions reads the two @mentions of proxy and substitute.
func (c *call) twoMentions() (string, string, error) {
	if err := c.want(2, 2); err != nil {
		return "", "", err
	}
	ids, err := c.mentions()
	if err != nil {
		return "", "", err
	}
	return ids[0], ids[1], nil
}

func (c *call) registerProxy() error {
	holder, member, err := c.twoMentions()
	if err != nil {
		return err
	}
	if err := c.m.Register.Proxy(holder, member); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("ProxyGiven", "Holder", c.name(holder), "Member", c.name(member))})
	if !c.m.Register.IsSet() {
		return nil
	}
	was := c.m.Register.Count
	if err := c.proxiedOnRegister(); err != nil { // an adjustment of the set register
		return err
	}
	if c.m.Register.Count != was {
		c.say(chat.Message{Text: c.t("RegisterAdjusted", "Count", c.m.Register.Count)})
	}
	return nil
}

func (c *call) registerSubstitute() error {
	sub, main, err := c.twoMentions()
	if err != nil {
		return err
	}
	if err := c.m.Register.Substitute(sub, main); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("SubstituteGiven", "Sub", c.name(sub), "Main", c.name(main))})
	return nil
}

// mayPropose checks that the caller may make or support a proposal: once
// the register is set, its members and the guests given proposal rights;
// once the speaker list is closed (streck), only those on it.
func (c *call) mayPropose(support bool) error {
	if it, _ := c.m.Agenda.Current(); it != nil && slices.Contains(it.Recused, c.req.User) {
		return &facilitation.Error{Code: facilitation.ErrRecused}
	}
	if r := &c.m.Register; r.IsSet() && (support || !r.IsGuest(c.req.User)) {
		if err := c.mayVote(); err != nil {
			return err
		}
	}
	if support {
		return nil
	}
	if q, ok := c.m.Queues[c.m.CurrentItemID()]; ok && q.Closed && !q.Listed(c.req.User) {
		return &facilitation.Error{Code: facilitation.ErrNotOnList}
	}
	return nil
}

// majorityText names a majority in the caller's language.
func (c *call) majorityText(maj facilitation.Majority) string {
	return c.t("Majority" + strings.NewReplacer("/", "of").Replace(string(maj)))
}

// casting gives the chair's casting vote (utslagsröst) to a tied poll whose
// chair did not vote: the latest one, or #ID.
func (c *call) casting() error {
	p, err := c.targetPoll(false, "*")
	if err != nil {
		return err
	}
	if err := c.ours(p); err != nil {
		return err
	}
	if err := c.want(1, 1); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	if !p.Closed {
		return &facilitation.Error{Code: facilitation.ErrNoCasting, Data: map[string]any{"ID": p.ID}}
	}
	if err := p.CastVote(n); err != nil {
		return err
	}
	if err := c.tx.PutPoll(p); err != nil {
		return fmt.Errorf("save poll %d: %w", p.ID, err)
	}
	c.say(chat.Message{Text: c.t("CastingGiven", "Chair", c.name(c.req.User), "Option", p.Options[n-1])})
	c.say(c.view().Results(c.pollView(p)))
	if err := c.voteringClosed(p); err != nil {
		return err
	}
	return c.refresh(pollKey(p.ID))
}

// registerImport reads the member list the register is held to from the
// CSV in a code block (the console reads a file into one).
func (c *call) registerImport() error {
	_, block, ok := strings.Cut(c.req.Text, "```")
	if !ok {
		return cmdline.Usagef("%s", c.t("NeedMemberList"))
	}
	block, _, _ = strings.Cut(block, "```")
	if first, rest, ok := strings.Cut(block, "\n"); ok && !strings.ContainsAny(first, ",;") {
		block = rest // a language tag after the backticks
	}
	members, err := facilitation.ParseMembers(strings.NewReader(block))
	if err != nil {
		return err
	}
	return c.importMembers(members)
}

// importMembers replaces the meeting's member list, before the register
// is set, with its proxies.
func (c *call) importMembers(members []facilitation.Member) error {
	r := &c.m.Register
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
	if err := c.tx.PutMembers(c.m.ID, list); err != nil {
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
			if n := names[id]; n != "" && c.lookup(id) == "" {
				if err := c.see(id, n); err != nil {
					return err
				}
			}
		}
	}
	r.Listed = len(members)
	c.say(chat.Message{Text: c.t("MembersImported", "Count", len(members), "Proxies", c.t("ProxyCount", "Count", proxies))})
	return nil
}

// listed reports whether the caller is on the member list: by ID, or by
// an e-mail address or name the list gives for them.
func (c *call) listed() (bool, error) {
	ok, err := c.tx.IsMember(c.m.ID, c.req.User)
	if err != nil || ok {
		return ok, err
	}
	members, err := c.tx.Members(c.m.ID)
	if err != nil {
		return false, fmt.Errorf("load member list: %w", err)
	}
	for _, p := range members {
		if c.req.UserName != "" && strings.EqualFold(p.Name, c.req.UserName) || strings.EqualFold(p.ID, c.req.User) {
			return true, nil
		}
	}
	return false, nil
}

// proxiedOnRegister puts on the register the members whose proxy holder
// is on it: their votes are cast, and so counted, through the holder.
func (c *call) proxiedOnRegister() error {
	for _, p := range c.m.Register.Proxies {
		ok, err := c.onRegister(c.m.ID, p.Holder)
		if err != nil || !ok {
			return err
		}
		if _, err := c.setRegistered(p.Member, true); err != nil {
			return err
		}
	}
	return nil
}
