package config

import (
	"fmt"

	"github.com/goccy/go-yaml/ast"
)

// Bounds on what a configuration file may decode to. Anchors and aliases
// let a few hundred bytes stand for billions of nodes (the "billion
// laughs"): the decoder would expand every alias, so Load, and
// ParseTemplate for a template sent in chat, count the nodes first,
// expanding aliases by arithmetic alone, and refuse a file past these
// bounds before decoding it.
const (
	// MaxFileSize is the largest configuration file read, in bytes.
	MaxFileSize = 8 << 20
	// MaxNodes is the most YAML nodes a file may decode to, with every
	// alias expanded: a generous configuration has a few thousand.
	MaxNodes = 1_000_000
)

// checkExpansion refuses a file whose aliases expand it past MaxNodes.
func checkExpansion(name string, file *ast.File) Problems {
	for _, doc := range file.Docs {
		c := counter{anchors: map[string]int{}}
		if n := c.size(doc); n > MaxNodes {
			return Problems{{File: name, Line: max(c.line, 1), Field: "(yaml)",
				Msg: fmt.Sprintf("anchors and aliases expand this file to over %d values, more than any configuration needs; "+
					"write the values out, or use fewer nested aliases", MaxNodes)}}
		}
	}
	return nil
}

// counter counts the nodes a document decodes to. An anchor's count is
// kept under its name, and an alias counts as what it names.
type counter struct {
	anchors map[string]int
	line    int // of the alias that went over the bound
}

// size is the number of nodes n decodes to, at most MaxNodes+1.
func (c *counter) size(n ast.Node) int {
	if n == nil {
		return 0
	}
	add := func(a, b int) int { return min(a+b, MaxNodes+1) }
	switch n := n.(type) {
	case *ast.DocumentNode:
		return c.size(n.Body)
	case *ast.MappingNode:
		total := 1
		for _, v := range n.Values {
			total = add(total, c.size(v))
		}
		return total
	case *ast.MappingValueNode:
		return add(c.size(n.Key), c.size(n.Value))
	case *ast.MappingKeyNode:
		return c.size(n.Value)
	case *ast.SequenceNode:
		total := 1
		for _, v := range n.Values {
			total = add(total, c.size(v))
		}
		return total
	case *ast.TagNode:
		return c.size(n.Value)
	case *ast.AnchorNode:
		s := c.size(n.Value)
		if n.Name != nil {
			c.anchors[n.Name.String()] = s
		}
		return s
	case *ast.AliasNode:
		s := 1
		if n.Value != nil {
			if a, ok := c.anchors[n.Value.String()]; ok {
				s = a
			}
		}
		if s > MaxNodes/1000 && c.line == 0 && n.GetToken() != nil {
			c.line = n.GetToken().Position.Line
		}
		return s
	default:
		return 1
	}
}
