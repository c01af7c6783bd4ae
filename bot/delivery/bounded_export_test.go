package delivery

// EditTimes is the number of edit times the deliverer keeps, across channels.
func (d *Deliverer) EditTimes() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, st := range d.chans {
		n += len(st.lastEdit)
	}
	return n
}
