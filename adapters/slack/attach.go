package slack

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/url"
	"time"

	"github.com/klubba/klubba/bot"
	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// fetchTimeout bounds the download of an attached file: Slack waits
// three seconds for the answer to the event that carried it.
const fetchTimeout = 2 * time.Second

// fileGetter reads files with a workspace's bot token (scope files:read);
// *goslack.Client is one.
type fileGetter interface {
	GetFileInfoContext(ctx context.Context, fileID string, count, page int) (*goslack.File, []goslack.Comment, *goslack.Paging, error)
	GetFileContext(ctx context.Context, downloadURL string, w io.Writer) error
}

// errNoFiles is a file to fetch where no client can.
var errNoFiles = errors.New("slack: no client to fetch files with")

// files returns what fetches a workspace's files: the client its views
// are opened with.
func (s *Server) files(ctx context.Context, team string) (fileGetter, error) {
	v, err := s.views(ctx, team)
	if err != nil {
		return nil, err
	}
	f, ok := v.(fileGetter)
	if !ok {
		return nil, errNoFiles
	}
	return f, nil
}

// attach sets the file attached to an import command (register import,
// template import, written after an @-mention or in a direct message) as
// the request's attachment, fetched with the workspace's token. Other
// commands, and commands with a code block, ignore files; a slash
// command cannot carry one.
func (s *Server) attach(ctx context.Context, team string, req *bot.Request, files []goslack.File) {
	if len(files) == 0 || !bot.IsImport(req.Text) {
		return
	}
	if len(files) > 1 {
		req.Attachment = &bot.Attachment{Refused: bot.AttachmentMany}
		return
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	f := files[0]
	fg, err := s.files(ctx, team)
	if err == nil && f.URLPrivateDownload == "" && f.URLPrivate == "" && f.ID != "" {
		// A file shared from another organisation comes as its ID alone
		// (file_access: check_file_info).
		var info *goslack.File
		if info, _, _, err = fg.GetFileInfoContext(ctx, f.ID, 0, 0); err == nil {
			f = *info
		}
	}
	if err != nil {
		req.Attachment = &bot.Attachment{Name: cmp.Or(f.Name, f.ID), Refused: bot.AttachmentUnreadable}
		s.opt.Logger.WarnContext(ctx, "fetch an attached file", "team", team, "file", f.ID, "err", err)
		return
	}
	where := cmp.Or(f.URLPrivateDownload, f.URLPrivate)
	if !s.fileURL(where) {
		req.Attachment = &bot.Attachment{Name: cmp.Or(f.Name, f.ID), Refused: bot.AttachmentUnreadable}
		s.opt.Logger.WarnContext(ctx, "an attached file not on Slack's file host", "team", team, "file", f.ID)
		return
	}
	size := int64(f.Size)
	if size == 0 {
		size = -1 // not told
	}
	req.Attachment, err = bot.FetchAttachment(ctx, cmp.Or(f.Name, f.Title, f.ID), f.Mimetype, size, func(ctx context.Context, w io.Writer) error {
		return fg.GetFileContext(ctx, where, w)
	})
	if err != nil {
		s.opt.Logger.WarnContext(ctx, "fetch an attached file", "team", team, "file", f.ID, "err", err)
	}
}

// directMessage handles a message in the bot's direct messages as a
// command, as an @-mention in a channel is: there a file can be attached
// to `template import` without showing it to a channel.
func (s *Server) directMessage(ctx context.Context, team, eventID string, m *slackevents.MessageEvent) error {
	msg := m.Message
	if m.ChannelType != slackevents.ChannelTypeIM || msg == nil || m.BotID != "" || msg.BotID != "" ||
		(m.SubType != "" && m.SubType != "file_share") || m.User == "" {
		return nil // the bot's own posts, edits, deletions: not commands
	}
	req := bot.Request{
		Channel: channelID(team, m.Channel), User: m.User, UserName: s.nameIn(team, m.User, ""),
		Text: unescape(leadingMentions.ReplaceAllString(msg.Text, "")), Route: bot.RouteAll, EventID: eventID,
		Thread: m.ThreadTimeStamp,
	}
	req.Mentions = s.mentioned(team, req.Text)
	s.attach(ctx, team, &req, msg.Files)
	return s.handle(ctx, req)
}

// fileURL reports whether an attached file may be fetched from u, with
// the workspace's token: only over https from Slack's file host, or from
// the host of a fake Slack's API URL (tests). A token never goes anywhere
// an event merely names.
func (s *Server) fileURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return false
	}
	if p.Scheme == "https" && p.Host == "files.slack.com" {
		return true
	}
	api, err := url.Parse(s.opt.APIURL)
	return err == nil && api.Host != "" && api.Host != "slack.com" && p.Scheme == api.Scheme && p.Host == api.Host
}
