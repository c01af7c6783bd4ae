package facilitation

import "time"

// ItemState is where an agenda item stands.
type ItemState string

// Agenda item states.
const (
	Pending ItemState = "pending"
	Current ItemState = "current"
	Done    ItemState = "done"
	Skipped ItemState = "skipped"
)

// MaxTimebox is the longest timebox or duration Klubba accepts.
const MaxTimebox = 24 * time.Hour

// Item is one point on the agenda.
type Item struct {
	ID      int
	Title   string
	Timebox time.Duration
	// Planned is the timebox as first planned, before any extension.
	Planned time.Duration
	Owner   string
	Notes   string
	// RemindRules asks for the ground rules to be recalled when the item starts.
	RemindRules bool
	State       ItemState
	// Started is when the item last became current; Spent adds up the time
	// of earlier spells, so an item taken up again keeps its history.
	Started time.Time
	Ended   time.Time
	Spent   time.Duration
	// Majority is what a matter on the item needs to be carried (simple
	// unless the item or its template item says more).
	Majority Majority
	// Recused are disqualified on the item (jäv): they take no part in any
	// poll, votering or election on it.
	Recused []string
	// Parent is the ID of the item this one is a sub-item of (a motion
	// under "Motioner", numbered 9 a, 9 b …), or 0 for a top-level item.
	Parent int
}

// Elapsed is the time spent on the item up to now.
func (it *Item) Elapsed(now time.Time) time.Duration {
	if it.State == Current && !it.Started.IsZero() {
		return it.Spent + now.Sub(it.Started)
	}
	return it.Spent
}

// Deadline is when the current spell of the item uses up its timebox.
func (it *Item) Deadline() time.Time {
	return it.Started.Add(it.Timebox - it.Spent)
}

// Remaining is the time left of the item's timebox; it is negative when the
// item runs over, and zero when the item has no timebox.
func (it *Item) Remaining(now time.Time) time.Duration {
	if it.Timebox == 0 {
		return 0
	}
	return it.Timebox - it.Elapsed(now)
}

// Agenda is the ordered list of items of a meeting.
type Agenda struct {
	Items  []*Item
	NextID int
}

// CheckDuration reports whether d is usable as a timebox or poll duration.
func CheckDuration(d time.Duration) error {
	if d <= 0 || d > MaxTimebox {
		return errorf(ErrBadDuration, "Duration", d, "Max", MaxTimebox)
	}
	return nil
}

// Add appends an item and returns it.
func (a *Agenda) Add(title string, timebox time.Duration) (*Item, error) {
	if title == "" {
		return nil, errorf(ErrEmptyTitle)
	}
	if timebox != 0 {
		if err := CheckDuration(timebox); err != nil {
			return nil, err
		}
	}
	a.NextID++
	it := &Item{ID: a.NextID, Title: title, Timebox: timebox, Planned: timebox, State: Pending}
	a.Items = append(a.Items, it)
	return it, nil
}

// item returns the item at 1-based position n.
func (a *Agenda) item(n int) (*Item, error) {
	if n < 1 || n > len(a.Items) {
		return nil, errorf(ErrNoSuchItem, "N", n, "Count", len(a.Items))
	}
	return a.Items[n-1], nil
}

// Current returns the current item and its 1-based position, or nil and 0.
func (a *Agenda) Current() (*Item, int) {
	for i, it := range a.Items {
		if it.State == Current {
			return it, i + 1
		}
	}
	return nil, 0
}

// Remove deletes the item at position n. An item with sub-items is
// removed only once they are.
func (a *Agenda) Remove(n int) (*Item, error) {
	it, err := a.item(n)
	if err != nil {
		return nil, err
	}
	if a.hasSubItems(it) {
		return nil, errorf(ErrHasSubItems, "N", a.Label(n), "Title", it.Title)
	}
	if it.State == Current || it.State == Done || !it.Started.IsZero() || it.Spent > 0 {
		// Its time, its turns and what was decided under it stay in the record.
		return nil, errorf(ErrItemTakenUp, "N", a.Label(n), "Title", it.Title)
	}
	a.Items = append(a.Items[:n-1], a.Items[n:]...)
	return it, nil
}

// Move puts the item at position from at position to.
func (a *Agenda) Move(from, to int) error {
	it, err := a.item(from)
	if err != nil {
		return err
	}
	if _, err := a.item(to); err != nil {
		return err
	}
	for _, x := range []int{from, to} {
		if y := a.Items[x-1]; y.Parent != 0 || a.hasSubItems(y) {
			return errorf(ErrMoveSubItems, "N", a.Label(x), "Title", y.Title)
		}
	}
	a.Items = append(a.Items[:from-1], a.Items[from:]...)
	a.Items = append(a.Items[:to-1], append([]*Item{it}, a.Items[to-1:]...)...)
	return nil
}

// finish ends the current item, if any, marking it state.
func (a *Agenda) finish(now time.Time, state ItemState) {
	if it, _ := a.Current(); it != nil {
		it.Spent = it.Elapsed(now)
		it.State = state
		it.Ended = now
	}
}

func (a *Agenda) begin(it *Item, now time.Time) {
	it.State = Current
	it.Started = now
	it.Ended = time.Time{}
}

// Next finishes the current item and starts the first pending one after it.
// It returns the new current item, or nil when the agenda is done.
func (a *Agenda) Next(now time.Time) (*Item, error) {
	_, pos := a.Current()
	for _, it := range a.Items[pos:] {
		if it.State == Pending {
			a.finish(now, Done)
			a.begin(it, now)
			return it, nil
		}
	}
	if pos == 0 {
		return nil, errorf(ErrAgendaDone)
	}
	a.finish(now, Done)
	return nil, nil
}

// Back reopens the item before the current one (or the last item, when the
// agenda is done), putting the current item back to pending.
func (a *Agenda) Back(now time.Time) (*Item, error) {
	cur, pos := a.Current()
	if cur == nil {
		pos = len(a.Items) + 1
	}
	if pos <= 1 {
		return nil, errorf(ErrAgendaAtStart)
	}
	if cur != nil {
		cur.Spent = cur.Elapsed(now)
		cur.State = Pending
	}
	prev := a.Items[pos-2]
	a.begin(prev, now)
	return prev, nil
}

// Jump makes the item at position n current. Items passed over stay pending.
func (a *Agenda) Jump(n int, now time.Time) (*Item, error) {
	it, err := a.item(n)
	if err != nil {
		return nil, err
	}
	if it.State == Current {
		return it, nil
	}
	a.finish(now, Done)
	a.begin(it, now)
	return it, nil
}

// Extend lengthens the current item's timebox by d.
func (a *Agenda) Extend(d time.Duration) (*Item, error) {
	if err := CheckDuration(d); err != nil {
		return nil, err
	}
	it, _ := a.Current()
	if it == nil {
		return nil, errorf(ErrNoCurrentItem)
	}
	if it.Timebox+d > MaxTimebox {
		return nil, errorf(ErrTimeboxTooLong, "Timebox", it.Timebox, "By", d, "Max", MaxTimebox)
	}
	it.Timebox += d
	return it, nil
}

// PlannedAtFirst is the timebox as planned before any extension.
func (it *Item) PlannedAtFirst() time.Duration {
	if it.Planned > 0 {
		return it.Planned
	}
	return it.Timebox
}

// Planned is the sum of the items' timeboxes.
func (a *Agenda) Planned() time.Duration {
	var d time.Duration
	for _, it := range a.Items {
		d += it.Timebox
	}
	return d
}

// Item is the item with id, or nil when there is none.
func (a *Agenda) Item(id int) *Item {
	for _, it := range a.Items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

// Title is the title of the item with id, or "" when there is none.
func (a *Agenda) Title(id int) string {
	if it := a.Item(id); it != nil {
		return it.Title
	}
	return ""
}
