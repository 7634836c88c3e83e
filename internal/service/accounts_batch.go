package service

import (
	"context"
	"fmt"

	"github.com/alexedwards/argon2id"

	"napx/internal/model"
	"napx/internal/store"
)

// CreateIllustrativeAccounts adds many demo accounts in one transaction,
// one audit entry per account, all with the one published demo password.
// Only napx itself may. The password is hashed once for the whole batch
// (argon2id costs ~50 ms and 19 MiB a hash: 2 000 world accounts would
// take minutes one by one); the accounts therefore share one salt, which
// is acceptable only because their password is published. Every input is
// checked as Create checks it; one bad input refuses the whole batch.
func (a *Accounts) CreateIllustrativeAccounts(ctx context.Context, by model.Viewer, ins []AccountInput, password string) ([]model.Account, error) {
	if !by.IsSystem() {
		return nil, model.ErrForbidden
	}
	accs := make([]model.Account, 0, len(ins))
	for i, in := range ins {
		in.Password = password
		acc, p := a.validate(in)
		if len(p) > 0 {
			return nil, fmt.Errorf("account %d (%s): %w", i, in.Email, p)
		}
		accs = append(accs, acc)
	}
	hash, err := argon2id.CreateHash(password, a.params)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	err = a.db.Write(ctx, func(tx *store.Tx) error {
		for i := range accs {
			acc := &accs[i]
			if err := tx.CreateAccount(ctx, acc, hash); err != nil {
				if store.IsUniqueViolation(err) {
					return model.Problems{"email": acc.Email + ": an account with this e-mail address already exists"}
				}
				return err
			}
			if err := tx.Audit(ctx, by, store.AuditRecord{Action: "account.create", Kind: "account", RecordID: acc.ID,
				Summary: fmt.Sprintf("illustrative account %s created for %s as %s", acc.Email, acc.Org, acc.Role), After: auditAccount(*acc)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return accs, nil
}
