package chat

// The IDs of the bot's buttons (Button.Action, Action.ID): adapters carry
// them through untouched, and the bot turns each into its command.

// Action IDs carried by buttons.
const (
	ActionSpeak     = "queue.speak"
	ActionReply     = "queue.reply"
	ActionOrder     = "queue.order"
	ActionLower     = "queue.lower"
	ActionNext      = "queue.next"
	ActionVote      = "poll.vote"
	ActionPollClose = "poll.close"
	ActionItemNext  = "agenda.next"
	ActionHere      = "register.here"
	// ActionDemandVote demands a counted vote (votering) on the question put.
	ActionDemandVote = "vote.demand"
	// ActionRefresh asks for a message's view for the clicker (RenderFor);
	// its value is the message's key.
	ActionRefresh = "message.refresh"
	// ActionStart starts a meeting; its value names the template, or is
	// empty for none.
	ActionStart = "meeting.start"
	// ActionTemplateEdit opens the template editor in the platform's own
	// dialog (a Slack modal); its value is the editor link's signed token.
	// The adapter handles it: it is no command.
	ActionTemplateEdit = "template.edit"
)

// Action IDs of the tools' buttons.
const (
	ActionPass        = "round.pass"
	ActionRoundNext   = "round.next"
	ActionRoundStop   = "round.stop"
	ActionIdeasReveal = "ideas.reveal"
	ActionIdea        = "ideas.idea"
	ActionDot         = "ideas.dot"
	ActionDotsClose   = "ideas.dots.close"
	ActionFlag        = "flag"
	ActionGroup       = "group"
)

// Action IDs of the justering's buttons; the value is the meeting's ID
// (followed by ":" for an objection, whose comment is the typed input).
const (
	ActionApprove = "minutes.approve"
	ActionObject  = "minutes.object"
)
