package proto_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	goodspb "mxshop_srvs/goods_srv/proto"
)

// sampleCategories 构造一份和线上分类接口相近的数据：三级分类，每级若干项。
func sampleCategories() *goodspb.CategoryListResponse {
	resp := &goodspb.CategoryListResponse{}
	id := int32(130358)
	for l1 := 0; l1 < 2; l1++ {
		id++
		parent1 := id
		resp.Data = append(resp.Data, &goodspb.CategoryInfoResponse{Id: parent1, Name: fmt.Sprintf("生鲜-%d", l1), Level: 1, IsTab: true})
		for l2 := 0; l2 < 2; l2++ {
			id++
			parent2 := id
			resp.Data = append(resp.Data, &goodspb.CategoryInfoResponse{Id: parent2, Name: fmt.Sprintf("水果-%d", l2), ParentCategory: parent1, Level: 2})
			for l3 := 0; l3 < 2; l3++ {
				id++
				resp.Data = append(resp.Data, &goodspb.CategoryInfoResponse{Id: id, Name: fmt.Sprintf("苹果-%d", l3), ParentCategory: parent2, Level: 3})
			}
		}
	}
	resp.Total = int32(len(resp.Data))
	return resp
}

// 运行：go test -bench=. -benchmem ./goods_srv/proto/
func BenchmarkJSONMarshal(b *testing.B) {
	data := sampleCategories()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := json.Marshal(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProtobufMarshal(b *testing.B) {
	data := sampleCategories()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := proto.Marshal(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONUnmarshal(b *testing.B) {
	raw, err := json.Marshal(sampleCategories())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out goodspb.CategoryListResponse
		if err := json.Unmarshal(raw, &out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkProtobufUnmarshal(b *testing.B) {
	raw, err := proto.Marshal(sampleCategories())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out goodspb.CategoryListResponse
		if err := proto.Unmarshal(raw, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEncodedSize 同一份数据两种编码的体积：protobuf 只传字段编号，不传字段名。
func TestEncodedSize(t *testing.T) {
	data := sampleCategories()
	j, _ := json.Marshal(data)
	p, _ := proto.Marshal(data)
	t.Logf("JSON %d 字节，protobuf %d 字节", len(j), len(p))
	if len(p) >= len(j) {
		t.Fatalf("protobuf (%d) 应当比 JSON (%d) 小", len(p), len(j))
	}
}

// TestVarintAndZigZag 验证 varint 与 zigzag 的基本性质。
func TestVarintAndZigZag(t *testing.T) {
	// 127 用 varint 只要 1 个字节（JSON 里是 "127" 三个字符）；128 开始要 2 个字节
	if n := len(protowire.AppendVarint(nil, 127)); n != 1 {
		t.Fatalf("127 的 varint 长度 = %d，期望 1", n)
	}
	if n := len(protowire.AppendVarint(nil, 128)); n != 2 {
		t.Fatalf("128 的 varint 长度 = %d，期望 2", n)
	}
	// int32 的 -1 按补码扩展成 64 位再做 varint，要 10 个字节；sint32 先 zigzag 成 1，只要 1 个字节
	minusOne := int32(-1)
	if n := protowire.SizeVarint(uint64(minusOne)); n != 10 {
		t.Fatalf("-1 直接 varint 长度 = %d，期望 10", n)
	}
	for in, want := range map[int64]uint64{0: 0, -1: 1, 1: 2, -2: 3, 2: 4} {
		if got := protowire.EncodeZigZag(in); got != want {
			t.Errorf("zigzag(%d) = %d，期望 %d", in, got, want)
		}
	}
	// 字段头 = 字段编号<<3 | 类型；编号 1..15 的字段头只占 1 个字节
	if n := len(protowire.AppendTag(nil, 2, protowire.VarintType)); n != 1 {
		t.Fatalf("tag 2 的字段头长度 = %d，期望 1", n)
	}
}
