package slip_test

import (
	"math"
	"testing"

	"github.com/motcua/motcua/slip"
)

func TestAmountInWords(t *testing.T) {
	for _, c := range []struct {
		v    int64
		want string
	}{
		{0, "Không đồng"},
		{1, "Một đồng"},
		{5, "Năm đồng"},
		{10, "Mười đồng"},
		{11, "Mười một đồng"},
		{14, "Mười bốn đồng"},
		{15, "Mười lăm đồng"},
		{20, "Hai mươi đồng"},
		{21, "Hai mươi mốt đồng"},
		{24, "Hai mươi tư đồng"},
		{25, "Hai mươi lăm đồng"},
		{50, "Năm mươi đồng"},
		{55, "Năm mươi lăm đồng"},
		{100, "Một trăm đồng"},
		{101, "Một trăm linh một đồng"},
		{104, "Một trăm linh bốn đồng"},
		{105, "Một trăm linh năm đồng"},
		{110, "Một trăm mười đồng"},
		{111, "Một trăm mười một đồng"},
		{115, "Một trăm mười lăm đồng"},
		{121, "Một trăm hai mươi mốt đồng"},
		{1000, "Một nghìn đồng"},
		{10_000, "Mười nghìn đồng"},
		{15_000, "Mười lăm nghìn đồng"},
		{21_000, "Hai mươi mốt nghìn đồng"},
		{50_000, "Năm mươi nghìn đồng"},
		{100_000, "Một trăm nghìn đồng"},
		{101_000, "Một trăm linh một nghìn đồng"},
		{150_000, "Một trăm năm mươi nghìn đồng"},
		{200_000, "Hai trăm nghìn đồng"},
		{1_000_000, "Một triệu đồng"},
		{1_005_000, "Một triệu không trăm linh năm nghìn đồng"},
		{1_050_000, "Một triệu không trăm năm mươi nghìn đồng"},
		{1_000_005, "Một triệu không trăm linh năm đồng"},
		{1_200_000, "Một triệu hai trăm nghìn đồng"},
		{2_021_500, "Hai triệu không trăm hai mươi mốt nghìn năm trăm đồng"},
		{35_000_000, "Ba mươi lăm triệu đồng"},
		{1_000_000_000, "Một tỷ đồng"},
		{1_234_567_891, "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng"},
		{2_000_001_000, "Hai tỷ không trăm linh một nghìn đồng"},
		{1_000_000_000_000, "Một nghìn tỷ đồng"},
		{5_000_000_000_000_000, "Năm triệu tỷ đồng"},
		{math.MaxInt64, "Chín tỷ tỷ hai trăm hai mươi ba triệu tỷ ba trăm bảy mươi hai nghìn tỷ không trăm ba mươi sáu tỷ " +
			"tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh bảy đồng"},
		{-21_000, "Âm hai mươi mốt nghìn đồng"},
		{math.MinInt64, "Âm chín tỷ tỷ hai trăm hai mươi ba triệu tỷ ba trăm bảy mươi hai nghìn tỷ không trăm ba mươi sáu tỷ " +
			"tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh tám đồng"},
	} {
		if got := slip.AmountInWords(c.v); got != c.want {
			t.Errorf("%d:\n got %q\nwant %q", c.v, got, c.want)
		}
	}
}
