package teams

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/infracloudio/msbotbuilder-go/schema"
	"github.com/klubba/klubba/bot"
)

// A file a user attaches to a message to the bot arrives as an attachment
// of this content type, whose content holds a short-lived, pre-authorised
// downloadUrl and the fileType; Teams offers the attach button in the
// personal chat with an app whose manifest says supportsFiles.
// (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4)
const contentTypeFileDownload = "application/vnd.microsoft.teams.file.download.info"

// fetchTimeout bounds the download of an attached file.
const fetchTimeout = 5 * time.Second

// fileDownloadInfo is the content of a file download attachment.
type fileDownloadInfo struct {
	DownloadURL string `json:"downloadUrl"`
	UniqueID    string `json:"uniqueId"`
	FileType    string `json:"fileType"`
}

// attach sets the file attached to an import command (register import,
// template import) as the request's attachment, fetched from its
// download URL without the bot's token. Other commands, and commands
// with a code block, ignore files.
func (s *Server) attach(ctx context.Context, req *bot.Request, attachments []schema.Attachment) {
	var files []schema.Attachment
	for _, a := range attachments {
		if a.ContentType == contentTypeFileDownload {
			files = append(files, a)
		}
	}
	if len(files) == 0 || !bot.IsImport(req.Text) {
		return
	}
	if len(files) > 1 {
		req.Attachment = &bot.Attachment{Refused: bot.AttachmentMany}
		return
	}
	f := files[0]
	var info fileDownloadInfo
	raw, _ := json.Marshal(f.Content)
	name := f.Name
	err := json.Unmarshal(raw, &info)
	if err == nil && path.Ext(name) == "" && info.FileType != "" {
		name += "." + info.FileType
	}
	u, perr := url.Parse(info.DownloadURL)
	if err == nil && (perr != nil || u.Host == "" || !s.downloads(info.DownloadURL)) {
		err = errNotFileHost // the URL, which may be pre-authorised, is not logged
	}
	if err != nil {
		req.Attachment = &bot.Attachment{Name: name, Refused: bot.AttachmentUnreadable}
		s.log.WarnContext(ctx, "fetch an attached file", "file", name, "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req.Attachment, err = bot.FetchAttachment(ctx, name, "", -1, func(ctx context.Context, w io.Writer) error {
		return s.download(ctx, info.DownloadURL, w)
	})
	if err != nil {
		// The URL is pre-authorised: it is never logged.
		s.log.WarnContext(ctx, "fetch an attached file", "file", name, "err", errors.Unwrap(err))
	}
}

// errNotFileHost is a download URL Klubba does not fetch from.
var errNotFileHost = errors.New("teams: download url not on a file host")

// errDownload is a download URL that did not give the file.
var errDownload = errors.New("teams: download refused")

// download writes the file at a pre-authorised download URL to w.
func (s *Server) download(ctx context.Context, downloadURL string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, downloadURL, nil)
	if err != nil {
		return err
	}
	resp, err := s.uploads.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			return uerr.Err // without the URL
		}
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w: status %d", errDownload, resp.StatusCode)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

// fileHost reports whether a download URL is on the hosts Teams keeps
// files on (SharePoint and OneDrive), over https: an activity names the
// URL, and Klubba fetches nothing from anywhere else.
func fileHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, suffix := range []string{".sharepoint.com", ".sharepoint.us", ".sharepoint.de", ".sharepoint.cn", ".sharepoint-df.com", ".onedrive.com"} {
		if strings.HasSuffix(host, suffix) {
			return true
		}
	}
	return false
}
