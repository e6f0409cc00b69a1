package catalog

import "testing"

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Cấp giấy phép xây dựng":   "cap giay phep xay dung",
		"Đăng ký khai sinh":        "dang ky khai sinh",
		"  Chứng thực   BẢN SAO  ": "chung thuc ban sao",
		"1.000656":                 "1.000656",
		"Ưu đãi người có công":     "uu dai nguoi co cong",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
