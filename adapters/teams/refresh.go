package teams

import (
	"context"
	"net/http"
	"strings"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/chat"
)

// Views for each person ("you voted Sushi"). A card whose message has a
// view for each person (chat.Message.PerUser: an open or anonymous poll
// while it is open) carries refresh: an Action.Execute that Teams sends,
// for each of refresh.userIds who opens the card, as an
// adaptiveCard/action invoke; its answer is the card as that person sees
// it, shown to them alone. userIds are the first participants of the
// meeting (at most 60, Teams' limit), never the poll's voters, whom the
// card would otherwise reveal to everyone; anyone else gets their view
// with "Refresh card" in the card's menu. A secret poll has no refresh,
// and Klubba never says what anyone voted in one.

// renderer renders a message for one person; *bot.Bot is one.
type renderer interface {
	RenderFor(ctx context.Context, o bot.Outgoing, user string) (chat.Message, error)
}

// refreshOf is the refresh of a message's card: an Action.Execute and
// the Bot Framework IDs (29:…) of the people it is offered to.
func (c *Connector) refreshOf(ctx context.Context, pu *chat.PerUser) map[string]any {
	if pu == nil {
		return nil
	}
	ids := []any{}
	for _, u := range pu.Users[:min(len(pu.Users), chat.MaxPerUser)] {
		if mri := c.botFrameworkID(ctx, u); strings.HasPrefix(mri, "29:") {
			ids = append(ids, mri)
		}
	}
	data := map[string]any{"action": chat.ActionRefresh, "value": pu.Key}
	return map[string]any{"action": map[string]any{"type": "Action.Execute", "verb": chat.ActionRefresh, "data": data}, "userIds": ids}
}

// withRefresh is a message's card with its refresh, if any, offered to as
// many people as fit in the message beside the card (all of them, with
// the IDs Teams gives: see refreshReserve).
func withRefresh(m chat.Message, refresh map[string]any) map[string]any {
	card := Card(m)
	if refresh == nil {
		return card
	}
	ids, _ := refresh["userIds"].([]any)
	for {
		card["refresh"] = map[string]any{"action": refresh["action"], "userIds": ids}
		if cardSize(card) <= MaxMessageBytes-activityReserve || len(ids) == 0 {
			return card
		}
		ids = ids[:len(ids)/2]
	}
}

// cardActivity is a message activity carrying m's card with its refresh.
func cardActivity(m chat.Message, refresh map[string]any) map[string]any {
	a := messageActivity(m)
	a["attachments"] = []any{map[string]any{"contentType": contentTypeCard, "content": withRefresh(m, refresh)}}
	return a
}

// refreshCard answers a card's refresh with the card as the person who
// asked sees it.
func (s *Server) refreshCard(ctx context.Context, w http.ResponseWriter, act schema.Activity, key string) {
	r, ok := s.bot.(renderer)
	if !ok {
		invokeAnswer(w, http.StatusNotFound, responseError, map[string]any{"code": "NotFound", "message": "no view for each person"})
		return
	}
	if err := s.rememberUser(ctx, act.From); err != nil {
		s.log.ErrorContext(ctx, "remember a user", "err", err)
	}
	msg, err := r.RenderFor(ctx, bot.Outgoing{Channel: channelOf(act), Reply: chat.Reply{Key: key}}, userID(act.From))
	if err != nil {
		s.log.WarnContext(ctx, "render a card for a person", "key", key, "err", err)
		invokeAnswer(w, http.StatusNotFound, responseError, map[string]any{"code": "NotFound", "message": "no such card"})
		return
	}
	invokeAnswer(w, http.StatusOK, contentTypeCard, withRefresh(msg, s.connector.refreshOf(ctx, msg.PerUser)))
}
