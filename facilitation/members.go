package facilitation

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// MaxMembers is the most members a member list may have.
const MaxMembers = 10000

// ParseMembers reads a member list as CSV: per row an ID (a chat user ID
// or an e-mail address), a name, and optionally proxy_for, the ID of the
// member whose vote this one holds a proxy for. A first row naming the
// columns (id or e-mail, name, proxy_for) is skipped. Commas or
// semicolons separate the columns, as spreadsheets in Sweden write them.
func ParseMembers(r io.Reader) ([]Member, error) {
	data, err := io.ReadAll(io.LimitReader(r, 4<<20))
	if err != nil {
		return nil, err
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord, cr.TrimLeadingSpace = -1, true
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	var out []Member
	seen := map[string]int{}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, errorf(ErrMemberList, "Line", line)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if line == 1 && isHeader(rec[0]) {
			continue
		}
		if len(rec) < 2 || len(rec) > 3 {
			return nil, errorf(ErrMemberColumns, "Line", line)
		}
		m := Member{ID: strings.TrimSpace(rec[0]), Name: strings.TrimSpace(rec[1])}
		if len(rec) == 3 {
			m.ProxyFor = strings.TrimSpace(rec[2])
		}
		m.ID = strings.TrimPrefix(m.ID, "@")
		switch {
		case m.ID == "" || m.Name == "":
			return nil, errorf(ErrMemberColumns, "Line", line)
		case seen[strings.ToLower(m.ID)] > 0:
			return nil, errorf(ErrMemberTwice, "Line", line, "ID", m.ID, "Other", seen[strings.ToLower(m.ID)])
		case len(out) >= MaxMembers:
			return nil, errorf(ErrTooMany, "Max", MaxMembers)
		}
		seen[strings.ToLower(m.ID)] = line
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, errorf(ErrMemberListEmpty)
	}
	return out, nil
}

func isHeader(first string) bool {
	switch strings.ToLower(strings.TrimSpace(first)) {
	case "id", "e-mail", "email", "e-post", "epost", "medlem", "member":
		return true
	}
	return false
}
