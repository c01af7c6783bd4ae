package bot

import "github.com/klubba/klubba/chat"

func (c *call) showRules() error {
	c.say(c.view().Rules(c.t("RulesHeader")))
	return nil
}

func (c *call) rulesRemind() error {
	c.say(c.view().Rules(c.t("RulesReminder")))
	return nil
}

func (c *call) rulesAdd() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	if err := c.m.AddRule(c.text(0)); err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("RuleAdded", "N", len(c.m.Rules), "Rule", c.text(0))})
	return nil
}

func (c *call) rulesRemove() error {
	if err := c.want(1, 1); err != nil {
		return err
	}
	n, err := c.number(0)
	if err != nil {
		return err
	}
	r, err := c.m.RemoveRule(n)
	if err != nil {
		return err
	}
	c.say(chat.Message{Text: c.t("RuleRemoved", "Rule", r)})
	return nil
}
