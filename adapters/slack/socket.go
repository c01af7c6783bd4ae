package slack

import (
	"context"
	"fmt"

	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// NewSocketClient returns a Socket Mode client: api must carry the
// app-level token (xapp-...) besides the bot token.
func NewSocketClient(api *goslack.Client) *socketmode.Client { return socketmode.New(api) }

// RunSocket serves Socket Mode until ctx ends: the same commands,
// buttons and mentions as the HTTP endpoints, over a WebSocket that the
// app opens, so no public URL is needed. Every envelope is acknowledged;
// a slash command's acknowledgement carries its answer.
func (s *Server) RunSocket(ctx context.Context, client *socketmode.Client) error {
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt, ok := <-client.Events:
			if !ok {
				return nil
			}
			s.socketEvent(ctx, client, evt)
		}
	}
}

func (s *Server) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	log := s.opt.Logger
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(goslack.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		msg := s.Command(ctx, cmd)
		var payload any
		if msg != nil {
			payload = msg
		}
		if err := client.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
			log.WarnContext(ctx, "socket mode ack", "err", err)
		}
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(goslack.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		client.AckCtx(ctx, evt.Request.EnvelopeID, nil)
		if err := s.Interaction(ctx, cb); err != nil {
			log.WarnContext(ctx, "socket mode interaction", "err", err)
		}
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || evt.Request == nil {
			return
		}
		client.AckCtx(ctx, evt.Request.EnvelopeID, nil)
		if err := s.Event(ctx, ev); err != nil {
			log.WarnContext(ctx, "socket mode event", "err", err)
		}
	case socketmode.EventTypeConnected:
		log.InfoContext(ctx, "connected to Slack in Socket Mode")
	case socketmode.EventTypeInvalidAuth:
		log.ErrorContext(ctx, "Slack refused the app-level token")
	}
}
