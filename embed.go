// Package klubba holds what the binary takes from the repository's top
// folder: the example configuration, which is also the default one.
package klubba

import _ "embed"

// ExampleConfig is config.example.yaml: the configuration used when none
// is given, with its templates (a stand-up, a retrospective, a board
// meeting and a Swedish årsmöte).
//
//go:embed config.example.yaml
var ExampleConfig []byte

// ExampleConfigName names ExampleConfig in messages.
const ExampleConfigName = "config.example.yaml (built in)"
