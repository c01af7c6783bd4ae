package facilitation

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sub-items: an item may have sub-items, one level deep, which follow it
// in Agenda.Items and are numbered by their parent's number and a letter,
// as a Swedish protokoll numbers motions under "§ 9 Motioner": 9 a, 9 b …

// subLetters are the letters of sub-items, in order; å, ä and ö are left
// out, as in a protokoll's numbering.
const subLetters = "abcdefghijklmnopqrstuvwxyz"

// MaxSubItems is how many sub-items one item may have.
const MaxSubItems = len(subLetters)

func (a *Agenda) hasSubItems(it *Item) bool {
	for _, x := range a.Items {
		if x.Parent == it.ID {
			return true
		}
	}
	return false
}

// Labels are the items' numbers as people read them, in the order of
// Items: "1", "2", … for top-level items and "9 a", "9 b" … for sub-items.
func (a *Agenda) Labels() []string {
	labels := make([]string, len(a.Items))
	top, sub, parent := 0, 0, 0
	for i, it := range a.Items {
		if it.Parent == 0 || it.Parent != parent || sub >= MaxSubItems {
			// a top-level item, or a sub-item out of its place: numbered as
			// an item of its own
			top++
			sub, parent = 0, it.ID
			labels[i] = strconv.Itoa(top)
			continue
		}
		labels[i] = strconv.Itoa(top) + " " + subLetters[sub:sub+1]
		sub++
	}
	return labels
}

// Label is the number of the item at 1-based position n, like "9" or
// "9 a"; "" when there is no such item.
func (a *Agenda) Label(n int) string {
	if n < 1 || n > len(a.Items) {
		return ""
	}
	return a.Labels()[n-1]
}

// topCount is how many top-level items the agenda has.
func (a *Agenda) topCount() int {
	labels := a.Labels()
	n := 0
	for _, l := range labels {
		if !strings.Contains(l, " ") {
			n++
		}
	}
	return n
}

// Position is the 1-based position in Items of the item numbered label:
// "9" for a top-level item, "9a", "9 a" or "9A" for a sub-item.
func (a *Agenda) Position(label string) (int, error) {
	want := normalLabel(label)
	if want != "" {
		for i, l := range a.Labels() {
			if l == want {
				return i + 1, nil
			}
		}
	}
	return 0, errorf(ErrNoSuchItem, "N", strings.TrimSpace(label), "Count", a.topCount())
}

// normalLabel writes "9a", "9 a" and "9A" as "9 a"; it is "" when label
// is not an item's number.
func normalLabel(label string) string {
	f := strings.Fields(strings.ToLower(label))
	if len(f) == 1 { // "9" or "9a"
		i := strings.IndexFunc(f[0], func(r rune) bool { return r < '0' || r > '9' })
		if i > 0 {
			f = []string{f[0][:i], f[0][i:]}
		}
	}
	if len(f) == 0 || len(f) > 2 {
		return ""
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 1 {
		return ""
	}
	if len(f) == 1 {
		return strconv.Itoa(n)
	}
	if utf8.RuneCountInString(f[1]) != 1 || !strings.Contains(subLetters, f[1]) {
		return ""
	}
	return strconv.Itoa(n) + " " + f[1]
}

// AddUnder adds a sub-item after the last sub-item of the top-level item
// at position parent, and returns it with its position.
func (a *Agenda) AddUnder(parent int, title string, timebox time.Duration) (*Item, int, error) {
	p, err := a.item(parent)
	if err != nil {
		return nil, 0, err
	}
	if p.Parent != 0 {
		return nil, 0, errorf(ErrSubSubItem, "N", a.Label(parent), "Title", p.Title)
	}
	at, count := parent, 0 // at: the position after which the new item goes
	for i := parent; i < len(a.Items) && a.Items[i].Parent == p.ID; i++ {
		at, count = i+1, count+1
	}
	if count >= MaxSubItems {
		return nil, 0, errorf(ErrTooManySubItems, "N", a.Label(parent), "Max", MaxSubItems)
	}
	it, err := a.Add(title, timebox)
	if err != nil {
		return nil, 0, err
	}
	it.Parent = p.ID
	a.Items = a.Items[:len(a.Items)-1]
	a.Items = append(a.Items[:at], append([]*Item{it}, a.Items[at:]...)...)
	return it, at + 1, nil
}

// Flat lists the template's agenda items in the order a meeting has them,
// each sub-item after its item, with the numbers the agenda shows: "9",
// "9 a", "9 b", "10".
func (t Template) Flat() (items []TemplateItem, numbers []string) {
	for k, it := range t.Agenda {
		n := strconv.Itoa(k + 1)
		items, numbers = append(items, it), append(numbers, n)
		for j, sub := range it.Items[:min(len(it.Items), MaxSubItems)] {
			items, numbers = append(items, sub), append(numbers, n+" "+subLetters[j:j+1])
		}
	}
	return items, numbers
}
