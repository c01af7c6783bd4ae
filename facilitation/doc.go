// Package facilitation is Klubba's domain: meetings, agendas, speaker queues,
// polls, ground rules, templates and minutes.
//
// It is plain Go. Nothing here does I/O, starts goroutines or reads the
// clock: the current time is passed in as now. Methods keep their types'
// invariants and report rule violations as *Error values whose Code a
// front end translates into a sentence fit for chat.
package facilitation
