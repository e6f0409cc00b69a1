package demo

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// Certificates gives the units of the demo accounts a seal (organisation certificate) and their
// leaders a personal certificate, issued by the built-in local authority, unless they have one:
// then a result uploaded in the demo is signed at the stamp step. It needs the store's master key.
func Certificates(ctx context.Context, st *store.Store, accounts []Account) error {
	have, err := st.Certificates(ctx)
	if err != nil {
		return err
	}
	sealed, personal := map[string]bool{}, map[int64]bool{}
	for _, c := range have {
		if c.RevokedAt == nil && c.Kind == pki.Organisation {
			sealed[c.UnitCode] = true
		}
		if c.RevokedAt == nil && c.Kind == pki.Personal {
			personal[c.UserID] = true
		}
	}
	for _, a := range accounts {
		if a.Unit == "" || a.Role == workflow.Citizen {
			continue
		}
		if !sealed[a.Unit] {
			if _, err := st.IssueLocal(ctx, pki.Organisation, a.Unit, 0, 3); err != nil {
				return fmt.Errorf("seal of %s: %w", a.Unit, err)
			}
			sealed[a.Unit] = true
		}
		if a.Role != workflow.Leader {
			continue
		}
		u, err := st.UserByUsername(ctx, a.Username)
		if err != nil {
			return err
		}
		if !personal[u.ID] {
			if _, err := st.IssueLocal(ctx, pki.Personal, a.Unit, u.ID, 3); err != nil {
				return fmt.Errorf("certificate of %s: %w", a.Username, err)
			}
		}
	}
	return nil
}
