package goruntime

import "sync"

// StockCache 用读写锁保护的 map。
//
// Go 的 map 不是并发安全的：一个 goroutine 写、另一个同时读写，运行时会直接报
// "fatal error: concurrent map writes"（或 concurrent map read and map write），
// 这是 fatal error 而不是 panic，recover 救不回来。
// 读多写少时用 RWMutex：多个读者可以同时持有读锁，写者独占。
type StockCache struct {
	mu     sync.RWMutex
	stocks map[int32]int32
}

func NewStockCache() *StockCache {
	return &StockCache{stocks: make(map[int32]int32)}
}

// Get 读：共享读锁。
func (c *StockCache) Get(goodsID int32) (int32, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n, ok := c.stocks[goodsID]
	return n, ok
}

// Add 写：独占写锁。读出、计算、写回必须在同一把锁里完成。
func (c *StockCache) Add(goodsID, delta int32) int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stocks[goodsID] += delta
	return c.stocks[goodsID]
}
