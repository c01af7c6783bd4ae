package mem_test

import (
	"testing"

	"github.com/klubba/klubba/store"
	"github.com/klubba/klubba/store/mem"
	"github.com/klubba/klubba/store/storetest"
)

func open(*testing.T) store.Backend { return mem.New() }

func TestKV(t *testing.T) { storetest.RunKV(t, open) }

func TestConformance(t *testing.T) { storetest.Run(t, open) }
