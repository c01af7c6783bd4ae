package web

// ParseEventStream is parseEventStream, for the HTTP tests.
var ParseEventStream = parseEventStream
