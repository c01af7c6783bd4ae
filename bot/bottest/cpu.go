package bottest

import (
	"syscall"
	"time"
)

// CPUTime is this process's CPU time so far, user and system: a
// benchmark that runs on every core reports it per operation.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
