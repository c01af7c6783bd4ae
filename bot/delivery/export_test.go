package delivery

// Tracked is the number of channels whose state the deliverer keeps.
func (d *Deliverer) Tracked() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.chans)
}
