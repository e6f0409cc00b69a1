package demo

import (
	"fmt"

	"github.com/motcua/motcua/workflow"
)

// Citizen is a demo citizen as the demo's identity provider knows them: they sign in there with
// Username and Password, and the site links them by IDNumber to their account and dossiers.
type Citizen struct {
	Username string
	FullName string
	IDNumber string
}

// Citizens are the named demo citizens (no dossiers yet) and the first history citizens (with
// many dossiers of every status).
func Citizens() []Citizen {
	var out []Citizen
	for _, a := range accountsFor(nil) {
		if a.Role == workflow.Citizen {
			out = append(out, Citizen{a.Username, fullName(a.Username), citizenID(a.Username)})
		}
	}
	for i := range 3 {
		out = append(out, Citizen{historyCitizen(i), personName(i), historyCitizenID(i)})
	}
	return out
}

// citizenID is a named demo citizen's ID number (CCCD), stable from their user name.
func citizenID(username string) string { return "0260" + fmt.Sprintf("%08d", len(username)*7919) }

func historyCitizen(i int) string   { return fmt.Sprintf("congdan.%03d", i) }
func historyCitizenID(i int) string { return fmt.Sprintf("0261%08d", 4000+i) }
