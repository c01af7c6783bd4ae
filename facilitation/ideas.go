package facilitation

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// MaxDots is the most dots a dot vote gives each person.
const MaxDots = 10

// MaxIdeaLength is the longest idea, in bytes.
const MaxIdeaLength = 500

// Brainstorm is a silent brainstorm: ideas are collected privately and
// anonymously (the store keeps them apart from any person until they are
// revealed), then posted in shuffled order and ranked by dots.
type Brainstorm struct {
	Question string
	Opened   time.Time
	ItemID   int
	// Ideas are the revealed ideas, in the shuffled order they were
	// posted; nothing records who sent which.
	Ideas []string
	// Apart is set when the revealed ideas are stored apart from the
	// meeting's record (which must not grow with them), and Ideas is
	// filled only when a command needs them. It is not stored itself.
	Apart    bool
	Revealed time.Time
	// Dots is how many dots each person places, once the dot vote opens.
	Dots int
	// Counts holds the dots each idea got.
	Counts []int
	// Used counts the dots each person placed, by a pseudonym the
	// caller keys (a keyed hash of the person), so that the meeting
	// record names nobody.
	Used       map[string]int
	DotsClosed time.Time
}

// RankedIdea is an idea with its dots.
type RankedIdea struct {
	N    int // 1-based number of the idea as posted
	Text string
	Dots int
}

// OpenBrainstorm starts collecting ideas. A brainstorm still collecting
// or dotting must end first.
func (m *Meeting) OpenBrainstorm(question string, now time.Time) (*Brainstorm, error) {
	if strings.TrimSpace(question) == "" {
		return nil, errorf(ErrEmptyText)
	}
	if b := m.Ideas; b != nil && (b.Collecting() || b.Dotting()) {
		return nil, errorf(ErrBrainstormOpen, "Question", b.Question)
	}
	m.Ideas = &Brainstorm{Question: question, Opened: now, ItemID: m.CurrentItemID()}
	return m.Ideas, nil
}

// Collecting reports whether ideas may still be sent.
func (b *Brainstorm) Collecting() bool { return b != nil && b.Revealed.IsZero() }

// Dotting reports whether dots may be placed.
func (b *Brainstorm) Dotting() bool { return b != nil && b.Dots > 0 && b.DotsClosed.IsZero() }

// CheckIdea reports whether text may be sent as an idea now.
func (b *Brainstorm) CheckIdea(text string) error {
	if !b.Collecting() {
		return errorf(ErrNoBrainstorm)
	}
	if strings.TrimSpace(text) == "" {
		return errorf(ErrEmptyText)
	}
	if len(text) > MaxIdeaLength {
		return errorf(ErrTooLong, "Max", MaxIdeaLength)
	}
	return nil
}

// Reveal posts the ideas, which the caller has shuffled.
func (b *Brainstorm) Reveal(ideas []string, now time.Time) error {
	if b == nil {
		return errorf(ErrNoBrainstorm)
	}
	if !b.Collecting() {
		return errorf(ErrIdeasRevealed)
	}
	if len(ideas) == 0 {
		return errorf(ErrNoIdeas)
	}
	b.Ideas, b.Revealed = slices.Clone(ideas), now
	return nil
}

// StartDots opens a dot vote: everyone places n dots on the revealed ideas.
func (b *Brainstorm) StartDots(n int) error {
	switch {
	case b == nil:
		return errorf(ErrNoBrainstorm)
	case b.Collecting():
		return errorf(ErrNotRevealed)
	case b.Dotting():
		return errorf(ErrDotsOpen, "Question", b.Question)
	case b.Dots > 0:
		return errorf(ErrDotsDone, "Question", b.Question)
	case n < 1 || n > MaxDots:
		return errorf(ErrBadDots, "Max", MaxDots)
	}
	b.Dots, b.Counts, b.Used = n, make([]int, len(b.Ideas)), map[string]int{}
	return nil
}

// Dot places one of who's dots on idea n (1-based). who is a pseudonym.
func (b *Brainstorm) Dot(who string, n int) (left int, err error) {
	if !b.Dotting() {
		return 0, errorf(ErrNoDots)
	}
	if n < 1 || n > len(b.Ideas) {
		return 0, errorf(ErrNoSuchIdea, "N", n, "Count", len(b.Ideas))
	}
	if b.Used[who] >= b.Dots {
		return 0, errorf(ErrNoDotsLeft, "Count", b.Dots)
	}
	if b.Used == nil {
		b.Used = map[string]int{}
	}
	b.Used[who]++
	b.Counts[n-1]++
	return b.Dots - b.Used[who], nil
}

// CloseDots ends the dot vote and returns the ranking.
func (b *Brainstorm) CloseDots(now time.Time) ([]RankedIdea, error) {
	if !b.Dotting() {
		return nil, errorf(ErrNoDots)
	}
	b.DotsClosed = now
	return b.Ranking(), nil
}

// Ranking lists the ideas by dots, most first; ties keep the posted order.
func (b *Brainstorm) Ranking() []RankedIdea {
	out := make([]RankedIdea, len(b.Ideas))
	for i, text := range b.Ideas {
		out[i] = RankedIdea{N: i + 1, Text: text}
		if i < len(b.Counts) {
			out[i].Dots = b.Counts[i]
		}
	}
	slices.SortStableFunc(out, func(x, y RankedIdea) int { return cmp.Compare(y.Dots, x.Dots) })
	return out
}

// Voters is how many people placed dots.
func (b *Brainstorm) Voters() int { return len(b.Used) }

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

func joinComma(s []string) string { return strings.Join(s, ", ") }
