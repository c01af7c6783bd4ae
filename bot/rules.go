package bot

import "github.com/klubba/klubba/chat"

func showRules(u *unit, a args) error {
	u.say(u.view().Rules(u.t("RulesHeader")))
	return nil
}

func rulesRemind(u *unit, a args) error {
	u.say(u.view().Rules(u.t("RulesReminder")))
	return nil
}

func rulesAdd(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	if err := u.m.AddRule(a.text(0)); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("RuleAdded", "N", len(u.m.Rules), "Rule", a.text(0))})
	return nil
}

func rulesRemove(u *unit, a args) error {
	if err := a.want(1, 1); err != nil {
		return err
	}
	n, err := a.number(0)
	if err != nil {
		return err
	}
	r, err := u.m.RemoveRule(n)
	if err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t("RuleRemoved", "Rule", r)})
	return nil
}
