package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Password is every demo account's password.
const Password = "motcua-demo"

// Account is a demo account to print for the newcomer.
type Account struct {
	Username string
	Role     workflow.Role
	Unit     string
}

// Progress receives progress reports of long work.
type Progress interface {
	Report(task string, done, total int)
}

// Options tune the demo.
type Options struct {
	// Dossiers is how many historical dossiers to generate (0: the default 20,000; negative: none).
	Dossiers int
	// Now is when history ends (default: the store's now).
	Now      time.Time
	Progress Progress
	Seed     uint64
}

// Load loads the demo province, its catalog, accounts and history, once: a database that already
// has the demo accounts is left as it is.
func Load(ctx context.Context, st *store.Store, opt Options) ([]Account, error) {
	units, err := Province()
	if err != nil {
		return nil, err
	}
	procs, err := Catalog()
	if err != nil {
		return nil, err
	}
	accounts := accountsFor(units)
	if _, err := st.UserByUsername(ctx, accounts[0].Username); err == nil {
		return accounts, nil // loaded before
	} else if motcua.ErrorCode(err) != motcua.ENOTFOUND {
		return nil, err
	}
	if opt.Dossiers == 0 {
		opt.Dossiers = 20000
	}
	if opt.Now.IsZero() {
		opt.Now = st.Now()
	}
	if err := st.PutUnits(ctx, units); err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	if _, err := st.PutProcedures(ctx, procs); err != nil {
		return nil, fmt.Errorf("procedures: %w", err)
	}
	hash, err := user.HashPassword(Password) // once: every demo account shares it
	if err != nil {
		return nil, err
	}
	for _, a := range accounts {
		u := user.User{Username: a.Username, FullName: fullName(a.Username), Roles: []user.RoleAt{{Role: a.Role, Unit: a.Unit}}}
		if a.Role == workflow.Citizen {
			u.Roles[0].Unit = ""
			u.IDNumber = citizenID(a.Username)
		}
		if _, err := st.AddUserHashed(ctx, u, hash); err != nil {
			return nil, fmt.Errorf("account %s: %w", a.Username, err)
		}
	}
	if opt.Dossiers > 0 {
		if err := History(ctx, st, units, procs, opt); err != nil {
			return nil, err
		}
	}
	return accounts, nil
}

// accountsFor makes one account per role at the provincial centre, at one department, one
// district and one commune, plus a centre manager, an administrator and citizens.
func accountsFor(units []org.Unit) []Account {
	var dept, district, commune, centre string
	for _, u := range units {
		switch {
		case u.Level == 2 && centre == "" && isCentre(u):
			centre = u.Code
		case u.Level == 2 && dept == "" && !isCentre(u) && !isDistrict(u):
			dept = u.Code
		case u.Level == 2 && district == "" && isDistrict(u):
			district = u.Code
		case u.Level == 3 && commune == "":
			commune = u.Code
		}
	}
	var out []Account
	for _, x := range []struct{ prefix, unit string }{{"so", dept}, {"huyen", district}, {"xa", commune}} {
		out = append(out,
			Account{x.prefix + ".tiepnhan", workflow.IntakeOfficer, x.unit},
			Account{x.prefix + ".chuyenvien", workflow.ProcessingOfficer, x.unit},
			Account{x.prefix + ".lanhdao", workflow.Leader, x.unit},
			Account{x.prefix + ".vanthu", workflow.Clerk, x.unit},
			Account{x.prefix + ".quanly", workflow.CentreManager, x.unit},
		)
	}
	if centre != "" {
		out = append(out, Account{"trungtam.tiepnhan", workflow.IntakeOfficer, centre})
	}
	out = append(out, Account{"quantri", workflow.Administrator, ""},
		Account{"congdan.an", workflow.Citizen, ""}, Account{"congdan.binh", workflow.Citizen, ""})
	return out
}

func isCentre(u org.Unit) bool { return containsFold(u.Name, "phuc vu hanh chinh cong") }
func isDistrict(u org.Unit) bool {
	return containsFold(u.Name, "huyen") || containsFold(u.Name, "thanh pho")
}

func containsFold(s, sub string) bool {
	f := catalog.Fold(s)
	for i := 0; i+len(sub) <= len(f); i++ {
		if f[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

var familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"}
var givenNames = []string{"Văn An", "Thị Bình", "Minh Châu", "Đức Dũng", "Thu Hà", "Quang Huy", "Thị Lan", "Văn Long", "Ngọc Mai", "Thành Nam", "Thị Oanh", "Hữu Phúc", "Minh Quân", "Thanh Sơn", "Thị Thảo", "Văn Tuấn"}

func fullName(username string) string {
	h := 0
	for _, r := range username {
		h = h*31 + int(r)
	}
	if h < 0 {
		h = -h
	}
	return familyNames[h%len(familyNames)] + " " + givenNames[(h/7)%len(givenNames)]
}
