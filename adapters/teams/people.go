package teams

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/klubba/klubba/bot/cmdline"
)

// Identity. Klubba knows a Teams user by their Microsoft Entra (AAD)
// object ID where Teams gives one, as it does for every user of a tenant:
// it is what an admin sees in the Entra portal and writes under
// facilitators, it is the same in every team and chat, and it survives
// reinstalls. Only where it is missing (a guest the connector will not
// describe) does the Bot Framework ID ("29:…") stand in. Roles,
// facilitators, the register and the minutes all use this one ID.
//
// The Bot Framework ID is still what the connector wants to open a
// one-to-one chat, so the pair is remembered under userKey.

// userID is the identity of an account as Klubba keeps it.
func userID(a schema.ChannelAccount) string {
	if a.AadObjectID != "" {
		return a.AadObjectID
	}
	return a.ID
}

// userKey is where the Bot Framework ID of a user is kept.
func userKey(id string) string { return "teamsuser|" + id }

// member is an account as the connector describes it
// (TeamsChannelAccount).
type member struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	AADObjectID string `json:"aadObjectId"`
}

// Member describes one member of a conversation (GET
// /v3/conversations/{id}/members/{memberId}); a channel thread's members
// are its channel's, asked for without the thread's ";messageid=".
func (c *Connector) Member(ctx context.Context, ref ConversationRef, memberID string) (member, error) {
	var m member
	conv, _, _ := strings.Cut(ref.ConversationID, ";messageid=")
	u := strings.TrimRight(ref.ServiceURL, "/") + "/v3/conversations/" + url.PathEscape(conv) + "/members/" + url.PathEscape(memberID)
	err := c.call(ctx, http.MethodGet, u, nil, &m)
	return m, err
}

// botFrameworkID returns the Bot Framework ID kept for a user, or the
// ID itself if none is kept.
func (c *Connector) botFrameworkID(ctx context.Context, id string) string {
	if strings.HasPrefix(id, "29:") {
		return id
	}
	if bf, ok := c.bfIDs.Load(id); ok {
		return bf.(string)
	}
	if bf, err := c.refs.Get(ctx, userKey(id)); err == nil && bf != "" {
		c.bfIDs.Store(id, bf)
		return bf
	}
	return id
}

// rememberUser keeps the Bot Framework ID of an account with an AAD
// object ID.
func (s *Server) rememberUser(ctx context.Context, a schema.ChannelAccount) error {
	return s.connector.rememberID(ctx, a.AadObjectID, a.ID)
}

// rememberID keeps bfID as the Bot Framework ID of the user with the AAD
// object ID aad, where notices to them go: stored once per process, and
// again when it changes.
func (c *Connector) rememberID(ctx context.Context, aad, bfID string) error {
	if aad == "" || bfID == "" {
		return nil
	}
	if known, ok := c.bfIDs.Load(aad); ok && known == bfID {
		return nil
	}
	if err := c.refs.Put(ctx, userKey(aad), bfID); err != nil {
		return err
	}
	c.bfIDs.Store(aad, bfID)
	return nil
}

// resolve returns the identity of a mentioned account: its AAD object
// ID, from the connector (mention entities carry only the Bot Framework
// ID and the name), or the Bot Framework ID if the connector cannot say.
func (s *Server) resolve(ctx context.Context, act schema.Activity, bfID, name string) string {
	if bfID == "" || !strings.HasPrefix(bfID, "29:") {
		return bfID
	}
	s.mu.Lock()
	id, ok := s.aad[bfID]
	s.mu.Unlock()
	if ok {
		return id
	}
	m, err := s.connector.Member(ctx, ConversationRef{ServiceURL: act.ServiceURL, ConversationID: act.Conversation.ID}, bfID)
	if err != nil || m.AADObjectID == "" {
		if err != nil {
			s.sampled.Warn(ctx, "describe a mentioned member", "err", err)
		}
		return bfID // not kept: the connector may answer next time
	}
	if err := s.rememberUser(ctx, schema.ChannelAccount{ID: bfID, Name: name, AadObjectID: m.AADObjectID}); err != nil {
		s.sampled.Warn(ctx, "remember a mentioned member", "err", err)
	}
	s.mu.Lock()
	s.aad[bfID] = m.AADObjectID
	s.mu.Unlock()
	return m.AADObjectID
}

// maxMentions bounds the people one message may mention: the distinct
// accounts whose mention entities are looked at (and so looked up with
// the connector, once each). An activity can carry thousands of
// entities; no command needs more than this many people at once.
const maxMentions = 100

// mentions turns the mentions of other people in a message into <@ID>
// arguments the core parses, with their names beside the request. The
// bot's own mention is left for commandText to remove. Only an entity
// whose text is Teams' own <at>…</at> markup counts: the <@ID> put in its
// place contains no such markup, so no entity can match what an earlier
// one left (an entity whose text is "@" would match every one).
func (s *Server) mentions(ctx context.Context, act schema.Activity, extras teamsExtras) (string, []cmdline.Mention) {
	text := act.Text
	var out []cmdline.Mention
	ids := map[string]string{} // resolved, by Bot Framework ID
	for _, e := range extras.Entities {
		if e.Type != "mention" || e.Mentioned.ID == "" || e.Mentioned.ID == act.Recipient.ID || !atTag(e.Text) {
			continue
		}
		if !strings.Contains(text, e.Text) {
			continue
		}
		name := e.Mentioned.Name
		if name == "" {
			name = strings.TrimSuffix(strings.TrimPrefix(e.Text, "<at>"), "</at>")
		}
		id, seen := ids[e.Mentioned.ID]
		if !seen {
			if len(ids) == maxMentions {
				s.sampled.Warn(ctx, "a message mentions too many people; the rest are ignored", "max", maxMentions, "entities", len(extras.Entities))
				break
			}
			id = s.resolve(ctx, act, e.Mentioned.ID, name)
			ids[e.Mentioned.ID] = id
		}
		if strings.ContainsAny(id, " <>|") {
			continue
		}
		text = strings.Replace(text, e.Text, " <@"+id+"> ", 1)
		out = append(out, cmdline.Mention{ID: id, Name: html.UnescapeString(name)})
	}
	return text, out
}

// atTag reports whether s is one mention in Teams' markup, <at>Name</at>.
func atTag(s string) bool {
	inner, ok := strings.CutPrefix(s, "<at>")
	if !ok {
		return false
	}
	inner, ok = strings.CutSuffix(inner, "</at>")
	return ok && inner != "" && !strings.ContainsAny(inner, "<>")
}
