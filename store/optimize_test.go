package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
)

// Optimize runs on both databases outside any transaction (VACUUM refuses to run inside one).
func TestOptimize(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		if err := f.Store.Optimize(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
