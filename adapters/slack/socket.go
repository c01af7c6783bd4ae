package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	goslack "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// NewSocketClient returns a Socket Mode client: api must carry the
// app-level token (xapp-...) besides the bot token.
func NewSocketClient(api *goslack.Client) *socketmode.Client { return socketmode.New(api) }

// SocketWorkers is how many Socket Mode envelopes are handled at once.
// Over HTTP each request has its own goroutine, and concurrent votes
// share a transaction (the bot groups them); Socket Mode delivers every
// envelope over one WebSocket, so without workers a vote would wait for
// the one before it, and none would be grouped. The bound keeps a burst
// from starting a goroutine per envelope: when all are busy, reading
// waits, and Slack holds the rest.
const SocketWorkers = 32

// acker acknowledges Socket Mode envelopes; *socketmode.Client is one.
type acker interface {
	AckCtx(ctx context.Context, envelopeID string, payload any) error
}

// RunSocket serves Socket Mode until ctx ends: the same commands,
// buttons and mentions as the HTTP endpoints, over a WebSocket that the
// app opens, so no public URL is needed. Every envelope is acknowledged;
// a slash command's acknowledgement carries its answer.
func (s *Server) RunSocket(ctx context.Context, client *socketmode.Client) error {
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	return s.serveSocket(ctx, client.Events, client, SocketWorkers, errc)
}

// serveSocket handles the envelopes of events with up to workers at a
// time, until ctx ends, events closes or errc reports the connection's
// end; it returns after the envelopes being handled are done.
func (s *Server) serveSocket(ctx context.Context, events <-chan socketmode.Event, client acker, workers int, errc <-chan error) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, workers)
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("socket mode: %w", err)
		case evt, ok := <-events:
			if !ok {
				return nil
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return nil
			}
			wg.Add(1)
			go func() {
				defer func() {
					if p := recover(); p != nil {
						s.opt.Logger.ErrorContext(ctx, "panic while handling a Socket Mode envelope", "type", evt.Type, "panic", p)
					}
					<-slots
					wg.Done()
				}()
				s.socketEvent(ctx, client, evt)
			}()
		}
	}
}

func (s *Server) socketEvent(ctx context.Context, client acker, evt socketmode.Event) {
	log := s.opt.Logger
	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(goslack.SlashCommand)
		if !ok || evt.Request == nil {
			return
		}
		answer, err := s.Command(ctx, cmd)
		if err != nil { // blocks always encode
			log.ErrorContext(ctx, "encode a command's answer", "err", err)
			return
		}
		var payload any
		if answer != nil {
			payload = json.RawMessage(answer)
		}
		if err := client.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
			log.WarnContext(ctx, "socket mode ack", "err", err)
		}
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(goslack.InteractionCallback)
		if !ok || evt.Request == nil {
			return
		}
		if cb.Type == goslack.InteractionTypeViewSubmission {
			answer, err := s.viewSubmission(ctx, cb, "")
			if err != nil {
				log.WarnContext(ctx, "socket mode view submission", "err", err)
			}
			var payload any
			if answer != nil {
				payload = answer
			}
			client.AckCtx(ctx, evt.Request.EnvelopeID, payload)
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
