package slack

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/klubba/klubba/bot"
	"github.com/klubba/klubba/bot/render"
	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Where people are when they are not in the meeting's channel.
//
// The App Home's Home tab (app_home_opened, views.publish) shows a
// person their running meetings in the workspace, with each meeting's
// open polls and what they voted (nothing of a secret ballot), the
// meetings planned that concern them, and the templates a meeting
// starts from.
//
// A live board's link posted in a channel unfurls (link_shared,
// chat.unfurl) into a summary of the board as it is then: the item, who
// has the floor, the queue and the open polls' turnout. The board's
// domain must be among the app's unfurl domains (deploy/slack).

// surfaces are the Web API methods of views and unfurls;
// *goslack.Client has them.
type surfaces interface {
	OpenViewContext(ctx context.Context, triggerID string, view goslack.ModalViewRequest) (*goslack.ViewResponse, error)
	PublishViewContext(ctx context.Context, req goslack.PublishViewContextRequest) (*goslack.ViewResponse, error)
	UnfurlMessageContext(ctx context.Context, channelID, timestamp string, unfurls map[string]goslack.Attachment, options ...goslack.MsgOption) (string, string, string, error)
}

// homeBot is what the home and the unfurls need of the bot; *bot.Bot is one.
type homeBot interface {
	Home(ctx context.Context, prefix, user string) (bot.Home, error)
	Board(ctx context.Context, token string) (*render.Board, error)
}

// Slack's limits on what a view and an unfurl show.
const (
	// maxViewBlocks is the most blocks of a Home tab view
	// (docs.slack.dev/reference/views, "blocks": up to 100).
	maxViewBlocks = 100
	// maxUnfurls is how many board links of one message are unfurled.
	maxUnfurls = 3
)

// HomeView is a person's Home tab: their meetings, their open polls with
// their vote, their planned meetings, and the templates.
func HomeView(h bot.Home) goslack.HomeTabViewRequest {
	t := h.T
	var blocks []goslack.Block
	add := func(text string) { blocks = append(blocks, section(truncate(text, MaxSectionText))) }
	blocks = append(blocks, goslack.NewHeaderBlock(goslack.NewTextBlockObject(goslack.PlainTextType, t("HomeMeetings"), false, false)))
	if len(h.Meetings) == 0 {
		add(mrkdwn(t("HomeNoMeetings")))
	}
	for _, m := range h.Meetings {
		var b strings.Builder
		fmt.Fprintf(&b, "*%s* · <#%s>", escape(m.Title), splitChannel(m.Channel))
		if m.Chair {
			b.WriteString(" · " + escape(t("HomeYouChair")))
		}
		if m.Item != "" {
			b.WriteString("\n" + escape(t("HomeNow", "Item", m.Item)))
		}
		for _, p := range m.Polls {
			b.WriteString(fmt.Sprintf("\n• #%d %s · ", p.ID, escape(p.Question)))
			switch {
			case p.Secret:
				b.WriteString("_" + escape(t("HomeSecret")) + "_")
			case p.Vote != "":
				b.WriteString(escape(t("HomeYouVoted", "Choice", p.Vote)))
			default:
				b.WriteString("_" + escape(t("HomeNotVoted")) + "_")
			}
		}
		add(b.String())
	}
	if len(h.Schedules) > 0 {
		blocks = append(blocks, goslack.NewDividerBlock(),
			goslack.NewHeaderBlock(goslack.NewTextBlockObject(goslack.PlainTextType, t("ScheduleHeader"), false, false)))
		for _, sc := range h.Schedules {
			line := fmt.Sprintf("*%s* · <#%s>\n%s", escape(sc.Title), splitChannel(sc.Channel), escape(sc.When))
			if sc.Every != "" {
				line += " · " + escape(sc.Every)
			}
			add(line)
		}
	}
	if len(h.Templates) > 0 {
		blocks = append(blocks, goslack.NewDividerBlock(),
			goslack.NewHeaderBlock(goslack.NewTextBlockObject(goslack.PlainTextType, t("HomeTemplates"), false, false)))
		var b strings.Builder
		for _, tm := range h.Templates {
			fmt.Fprintf(&b, "`/klubba start %s` · %s\n", escape(tm.Name), escape(tm.Title))
		}
		add(strings.TrimSuffix(b.String(), "\n"))
	}
	blocks = append(blocks, goslack.NewContextBlock("", goslack.NewTextBlockObject(goslack.MarkdownType, mrkdwn(t("HomeHelp")), false, false)))
	if len(blocks) > maxViewBlocks {
		blocks = append(blocks[:maxViewBlocks-1], blocks[len(blocks)-1])
	}
	return goslack.HomeTabViewRequest{Type: goslack.VTHomeTab, Blocks: goslack.Blocks{BlockSet: blocks}}
}

// appHomeOpened publishes the person's Home tab.
// answerWithin is how long the work an answer to Slack waits for may
// take: Slack waits 3 seconds for the answer (and a trigger ID lives as
// long), less a margin. Work cut off by it is logged, and Slack, answered
// in time, does not send the event again.
const answerWithin = 2500 * time.Millisecond

// openModal opens view (views.open) in team's workspace with a trigger
// ID, no longer than the trigger lives.
func (s *Server) openModal(ctx context.Context, team, triggerID string, view goslack.ModalViewRequest) error {
	ctx, cancel := context.WithTimeout(ctx, answerWithin)
	defer cancel()
	views, err := s.views(ctx, team)
	if err != nil {
		return err
	}
	_, err = views.OpenViewContext(ctx, triggerID, view)
	return err
}

func (s *Server) appHomeOpened(ctx context.Context, team string, ev *slackevents.AppHomeOpenedEvent) error {
	hb, ok := s.opt.Bot.(homeBot)
	if !ok || ev.Tab != "home" || ev.User == "" || !s.canOpenViews() {
		return nil
	}
	h, err := hb.Home(ctx, channelID(team, ""), ev.User)
	if err != nil {
		return err
	}
	api, err := s.views(ctx, team)
	if err != nil {
		return err
	}
	_, err = api.PublishViewContext(ctx, goslack.PublishViewContextRequest{UserID: ev.User, View: HomeView(h)})
	return err
}

// boardToken returns the token of a live board's link, or "".
func boardToken(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	rest, ok := strings.CutPrefix(u.Path, "/board/")
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return ""
	}
	return rest
}

// BoardUnfurl is the summary a board's link unfurls into.
func BoardUnfurl(b *render.Board) goslack.Attachment {
	w := b.Words
	var lines []string
	title := "*" + escape(b.Title) + "*"
	if b.Ended {
		title += " · " + escape(w.Ended)
	}
	lines = append(lines, title)
	if b.Item != nil {
		lines = append(lines, escape(w.Item)+": "+escape(b.Item.Title))
	}
	switch {
	case b.Speaker != nil:
		lines = append(lines, escape(w.Speaking)+": "+mentionIDs(escape(b.Speaker.Name)))
	case !b.Ended:
		lines = append(lines, escape(w.NoSpeaker))
	}
	if len(b.Queue) > 0 {
		names := make([]string, 0, 5)
		for _, r := range b.Queue[:min(len(b.Queue), 5)] {
			names = append(names, mentionIDs(escape(r.Name)))
		}
		more := ""
		if len(b.Queue) > 5 {
			more = fmt.Sprintf(" +%d", len(b.Queue)-5)
		}
		lines = append(lines, fmt.Sprintf("%s (%d): %s%s", escape(w.Queue), len(b.Queue), strings.Join(names, ", "), more))
	}
	for _, p := range b.Polls {
		if !p.Closed {
			lines = append(lines, fmt.Sprintf("%s #%d %s · %s", escape(w.Poll), p.ID, escape(p.Question), escape(p.Turnout)))
		}
	}
	text := truncate(strings.Join(lines, "\n"), MaxSectionText)
	return goslack.Attachment{Blocks: goslack.Blocks{BlockSet: []goslack.Block{section(text)}}}
}

// linkShared unfurls the live boards' links of a message.
func (s *Server) linkShared(ctx context.Context, team string, ev *slackevents.LinkSharedEvent) error {
	hb, ok := s.opt.Bot.(homeBot)
	if !ok || ev.Channel == "" || ev.MessageTimeStamp == "" || !s.canOpenViews() {
		return nil
	}
	unfurls := map[string]goslack.Attachment{}
	for _, l := range ev.Links {
		token := boardToken(l.URL)
		if token == "" || len(unfurls) >= maxUnfurls {
			continue
		}
		b, err := hb.Board(ctx, token)
		if errors.Is(err, bot.ErrNotFound) {
			continue // revoked, or not a board: left as Slack shows it
		}
		if err != nil {
			return err
		}
		unfurls[l.URL] = BoardUnfurl(b)
	}
	if len(unfurls) == 0 {
		return nil
	}
	api, err := s.views(ctx, team)
	if err != nil {
		return err
	}
	_, _, _, err = api.UnfurlMessageContext(ctx, ev.Channel, ev.MessageTimeStamp, unfurls)
	return err
}
