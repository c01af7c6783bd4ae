package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/klubba/klubba/chat"
)

// Files in Teams: a bot cannot attach a file to a message; it offers one
// with a file consent card in the one-to-one chat, and when the user
// accepts, Teams sends a fileConsent/invoke with an upload URL in the
// user's OneDrive, where the bot puts the file, then shows it with a
// file info card. The card's context names what the file is made from
// (chat.FileSource), and the file is made again on acceptance, so that
// no bytes wait anywhere meanwhile.
// (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4)

// Content types of the file cards.
const (
	contentTypeFileConsent = "application/vnd.microsoft.teams.card.file.consent"
	contentTypeFileInfo    = "application/vnd.microsoft.teams.card.file.info"
)

// invokeFileConsent is the invoke name of a file consent card's answer.
const invokeFileConsent = "fileConsent/invoke"

// FileMaker makes the file a consent card offered; *bot.Bot is one.
type FileMaker interface {
	MinutesFile(ctx context.Context, channel, meetingID, lang, format string) (chat.File, error)
}

// fileContext is a consent card's acceptContext: what the file is made
// from, and the channel it was asked for in.
type fileContext struct {
	Channel string `json:"channel"`
	Meeting string `json:"meeting"`
	Format  string `json:"format"`
	Lang    string `json:"lang"`
}

// fileConsentCard offers f to the user.
func fileConsentCard(channel string, f *chat.File) map[string]any {
	ctx := fileContext{Channel: channel, Meeting: f.Source.Meeting, Format: f.Source.Format, Lang: f.Source.Lang}
	return map[string]any{
		"contentType": contentTypeFileConsent, "name": f.Name,
		"content": map[string]any{"description": f.Name, "sizeInBytes": len(f.Data), "acceptContext": ctx, "declineContext": ctx},
	}
}

// fileConsentValue is the value of a fileConsent/invoke.
type fileConsentValue struct {
	Type       string      `json:"type"`
	Action     string      `json:"action"`
	Context    fileContext `json:"context"`
	UploadInfo struct {
		Name       string `json:"name"`
		UploadURL  string `json:"uploadUrl"`
		ContentURL string `json:"contentUrl"`
		UniqueID   string `json:"uniqueId"`
		FileType   string `json:"fileType"`
	} `json:"uploadInfo"`
}

// fileConsent answers a file consent card: on accept, it makes the file
// again, uploads it and shows it; a decline changes nothing. The invoke
// is answered 200 either way, as Teams expects; a failure is logged.
func (s *Server) fileConsent(ctx context.Context, w http.ResponseWriter, act schema.Activity) {
	var v fileConsentValue
	raw, _ := json.Marshal(act.Value)
	if err := json.Unmarshal(raw, &v); err != nil || v.Type != "fileUpload" {
		http.Error(w, "not a file upload", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	if v.Action != "accept" {
		return
	}
	if err := s.upload(ctx, act, v); err != nil {
		s.log.ErrorContext(ctx, "upload a file to Teams", "file", v.UploadInfo.Name, "err", err)
	}
}

func (s *Server) upload(ctx context.Context, act schema.Activity, v fileConsentValue) error {
	maker, ok := s.bot.(FileMaker)
	if !ok {
		return fmt.Errorf("the bot makes no files")
	}
	f, err := maker.MinutesFile(ctx, v.Context.Channel, v.Context.Meeting, v.Context.Lang, v.Context.Format)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, v.UploadInfo.UploadURL, bytes.NewReader(f.Data))
	if err != nil {
		return fmt.Errorf("upload request: %w", err)
	}
	req.Header.Set("Content-Range", "bytes 0-"+strconv.Itoa(len(f.Data)-1)+"/"+strconv.Itoa(len(f.Data)))
	resp, err := s.uploads.Do(req)
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("upload: status %d", resp.StatusCode)
	}
	ref := ConversationRef{ServiceURL: act.ServiceURL, ConversationID: act.Conversation.ID, BotID: act.Recipient.ID, Personal: true}
	info := map[string]any{
		"type": "message",
		"attachments": []any{map[string]any{
			"contentType": contentTypeFileInfo, "contentUrl": v.UploadInfo.ContentURL, "name": v.UploadInfo.Name,
			"content": map[string]any{"uniqueId": v.UploadInfo.UniqueID, "fileType": v.UploadInfo.FileType},
		}},
	}
	if _, err := s.connector.Send(ctx, ref, info); err != nil {
		return fmt.Errorf("show the uploaded file: %w", err)
	}
	return nil
}
