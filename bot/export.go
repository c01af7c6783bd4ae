package bot

import (
	"encoding/csv"
	"slices"
	"strconv"
	"strings"

	"github.com/klubba/klubba/chat"
	"github.com/klubba/klubba/facilitation"
)

// pollExport sends the caller a poll's results as CSV: each option and its
// count and, in an open poll only, who voted for it. Anonymous and secret
// polls never name anyone; counts that the poll hides while it is open
// are not exported until it closes.
func pollExport(u *unit, a args) error {
	p, err := onePoll(u, a, false, "*")
	if err != nil {
		return err
	}
	if !p.ShowsCounts() {
		u.tell(chat.Message{Text: u.t("ResultsHidden", "Count", p.Turnout())})
		return nil
	}
	u.tell(chat.Message{Text: u.t("ExportHeader", "ID", p.ID, "Question", p.Question) + "\n```\n" + pollCSV(u, p) + "```"})
	return nil
}

// pollCSV writes the rows of a poll's export.
func pollCSV(u *unit, p *facilitation.Poll) string {
	r := p.Results()
	names := p.VotersByOption(0) // nil unless the poll is open
	header := []string{u.t("ExportOption"), u.t("ExportVotes")}
	if p.Kind == facilitation.Ranked {
		header[1] = u.t("ExportFirstPreferences")
	}
	if names != nil {
		header = append(header, u.t("ExportVoters"))
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	row := func(cells ...string) {
		for i, s := range cells {
			cells[i] = cell(s)
		}
		w.Write(cells) // a strings.Builder does not fail
	}
	row(header...)
	for i, o := range p.Options {
		cells := []string{o, strconv.Itoa(r.Counts[i])}
		if names != nil {
			cells = append(cells, voterNames(u, names[i]))
		}
		row(cells...)
	}
	if r.Blank > 0 {
		cells := []string{u.t("BlankVote"), strconv.Itoa(r.Blank)}
		if names != nil {
			var blank []string
			for v, ballot := range p.Votes {
				if len(ballot) == 0 {
					blank = append(blank, v)
				}
			}
			cells = append(cells, voterNames(u, blank))
		}
		row(cells...)
	}
	w.Flush()
	return b.String()
}

// voterNames names voters, in alphabetical order.
func voterNames(u *unit, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = u.name(id)
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

// cell keeps a spreadsheet from reading a text as a formula (CSV
// injection): a text that starts with =, +, -, @, a tab or a carriage
// return is written after an apostrophe. Counts are digits and pass.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
