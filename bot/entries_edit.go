package bot

import (
	"strconv"
	"strings"

	"github.com/klubba/klubba/bot/cmdline"
	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// The protokoll's integrity: who may write the minutes, and corrections.

// mayWrite refuses the caller when only the chair and the secretary write
// the minutes of this meeting (protocol meetings, or the template says so).
// After the meeting, only they may change the minutes.
func mayWrite(u *unit) error {
	if u.m.Running() && !u.m.OfficersWrite || isOfficer(u) {
		return nil
	}
	return officersOnly(u)
}

// entryEdit is the handler of "decision edit N …" and its kin for kind.
func entryEdit(kind facilitation.EntryKind) func(*unit, args) error {
	return func(u *unit, a args) error {
		return changeEntry(u, a, kind, 2, "Edited", func(mm *facilitation.Minutes, n int) (*facilitation.Entry, error) {
			return u.m.EditEntry(mm, kind, n, a.text(1), u.now)
		})
	}
}

// entryRemove is the handler of "decision remove N" and its kin for kind.
func entryRemove(kind facilitation.EntryKind) func(*unit, args) error {
	return func(u *unit, a args) error {
		return changeEntry(u, a, kind, 1, "Removed", func(mm *facilitation.Minutes, n int) (*facilitation.Entry, error) {
			return u.m.RemoveEntry(mm, kind, n)
		})
	}
}

// changeEntry changes the entry of kind numbered by the first of args
// words with change, saves it and says so with the message said+kind.
func changeEntry(u *unit, a args, kind facilitation.EntryKind, nwords int, said string, change func(mm *facilitation.Minutes, n int) (*facilitation.Entry, error)) error {
	if len(a.Words) > 0 {
		if err := a.want(nwords, nwords); err != nil {
			return err
		}
	}
	if err := afterwards(u, false); err != nil { // secretaries finish the minutes after the meeting
		return err
	}
	if err := mayWrite(u); err != nil {
		return err
	}
	if len(a.Words) == 0 { // "beslut ändra": which number? The protokoll does not show them.
		mm, err := u.minutes()
		if err != nil {
			return err
		}
		return cmdline.Usagef("%s", u.t("NumberedEntries"+string(kind), "List", numberedEntries(mm, kind)))
	}
	n, err := a.number(0)
	if err != nil {
		return err
	}
	mm, err := u.minutes()
	if err != nil {
		return err
	}
	withdrawn := withdrawnNote(u)
	e, err := change(mm, n)
	if facilitation.ErrorCode(err) == facilitation.ErrNoSuchEntry {
		return u.refuse(u.t("NoSuchEntry"+string(kind), "N", n, "List", numberedEntries(mm, kind)))
	}
	if err != nil {
		return err
	}
	if err := changedEntry(u, e); err != nil {
		return err
	}
	u.say(chat.Message{Text: u.t(said+string(e.Kind), "N", n, "Text", e.Text) + withdrawn()})
	return nil
}

// withdrawnNote notes whether the protokoll is with its adjusters before
// a change; the function it returns says, after the change, that it took
// the protokoll back from them (and, if any had approved, that their
// approvals no longer count), or nothing.
func withdrawnNote(u *unit) func() string {
	submitted, approved := !u.m.Protokoll.Submitted.IsZero(), len(u.m.Protokoll.Approvals) > 0
	return func() string {
		if !submitted {
			return ""
		}
		return "\n" + u.t("MinutesWithdrawn", "Approved", approved)
	}
}

// numberedEntries lists the entries of kind that the minutes still have,
// one a line with the number that edit and remove take ("3. att …"):
// the protokoll does not show them.
func numberedEntries(mm *facilitation.Minutes, kind facilitation.EntryKind) string {
	var lines []string
	for n, e := range mm.Numbered(kind) {
		lines = append(lines, strconv.Itoa(n)+". "+e.Text)
	}
	return strings.Join(lines, "\n")
}
