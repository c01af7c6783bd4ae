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
