package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/workflow"
)

// A process step at a fixed agency code must name a unit that exists: otherwise dossiers would
// be handed to nobody.
func TestTemplateStepUnitMustExist(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		p, err := f.Store.Procedure(ctx, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		p.Template = &catalog.Template{Steps: []catalog.Step{
			{Key: "receive", Name: "Tiếp nhận", Role: workflow.IntakeOfficer, Unit: catalog.AtReceiving, BudgetHours: 1},
			{Key: "appraise", Name: "Thẩm định", Role: workflow.ProcessingOfficer, Unit: "000.00.77.H62", BudgetHours: 4},
			{Key: "return", Name: "Trả kết quả", Role: workflow.IntakeOfficer, Unit: catalog.AtReceiving},
		}}
		_, err = f.Store.PutProcedures(ctx, []catalog.Procedure{p})
		var me *motcua.Error
		if !errors.As(err, &me) || me.Field != "template.steps[1].unit" {
			t.Fatalf("unknown step unit: %v", err)
		}
		p.Template.Steps[1].Unit = testdb.Other
		if n, err := f.Store.PutProcedures(ctx, []catalog.Procedure{p}); err != nil || n != 1 {
			t.Fatalf("known step unit: %d %v", n, err)
		}
	})
}
