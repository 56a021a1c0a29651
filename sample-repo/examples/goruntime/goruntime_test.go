package goruntime

import (
	"sync"
	"testing"
	"time"
)

func TestStockCacheConcurrent(t *testing.T) {
	c := NewStockCache()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); c.Add(1, 1) }()
		go func() { defer wg.Done(); c.Get(1) }()
	}
	wg.Wait()
	if n, _ := c.Get(1); n != 50 {
		t.Fatalf("库存 = %d，期望 50", n)
	}
}

func TestCoordinatorConcurrent(t *testing.T) {
	c := NewCoordinator()
	defer c.Close()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); c.Add(1, 2) }()
	}
	wg.Wait()
	if n := c.Get(1); n != 100 {
		t.Fatalf("库存 = %d，期望 100", n)
	}
}

func TestEncodeOrderMessageCopiesBuffer(t *testing.T) {
	a, err := EncodeOrderMessage(map[string]string{"order_sn": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := EncodeOrderMessage(map[string]string{"order_sn": "2"}); err != nil {
		t.Fatal(err)
	}
	if string(a) != "{\"order_sn\":\"1\"}\n" {
		t.Fatalf("第一次的结果被复用的缓冲区覆盖了: %q", a)
	}
}

func TestFullChannel(t *testing.T) {
	ch := make(chan int64, 1)
	if !TrySend(ch, 1) {
		t.Fatal("空缓冲应当能发送")
	}
	if TrySend(ch, 2) {
		t.Fatal("满缓冲不应当能立即发送")
	}
	if SendWithin(ch, 3, 10*time.Millisecond) {
		t.Fatal("没有接收者时应当超时")
	}
}

func cartOf(n int) []CartItem {
	items := make([]CartItem, n)
	for i := range items {
		items[i] = CartItem{GoodsID: int32(i), Nums: 1}
	}
	return items
}

func BenchmarkGoodsIDsGrowing(b *testing.B) {
	items := cartOf(1000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		GoodsIDsGrowing(items)
	}
}

func BenchmarkGoodsIDsPrealloc(b *testing.B) {
	items := cartOf(1000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		GoodsIDsPrealloc(items)
	}
}

var sink *Order

func BenchmarkNewOrderPtr(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = NewOrderPtr(int64(i))
	}
}

func BenchmarkNewOrderValue(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		o := NewOrderValue(int64(i))
		_ = o
	}
}
