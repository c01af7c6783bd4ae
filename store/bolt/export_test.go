package bolt_test

import "time"

var time0 = time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)
