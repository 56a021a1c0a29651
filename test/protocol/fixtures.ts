/** A small Go workspace with a memo and two walkthroughs, built fresh in a temp folder per test file. */
export const INVENTORY_GO = `package handler

import "fmt"

type InventoryServer struct{}

// Sell deducts stock.
func (s *InventoryServer) Sell(goodsId int) error {
	mutex := lock(fmt.Sprintf("goods_%d", goodsId))
	if err := mutex.Lock(); err != nil {
		return err
	}
	defer mutex.Unlock()
	return nil
}

func (s *InventoryServer) Reback(goodsId int) error {
	fmt.Println("reback", goodsId)
	return nil
}

func lock(name string) *Mutex { return &Mutex{} }

type Mutex struct{}

func (m *Mutex) Lock() error { return nil }
func (m *Mutex) Unlock()      {}
`;

export const MEMO_MD = `# Interview memo

## 1. 核心难点

Stock must never go negative: lock per goods id.

- Redis distributed lock
- <img src=x onerror=alert(1)> raw html stays text
- [run](command:workbench.action.quit)

## 2. Reback

Give stock back when the order times out.
`;

export const ORDER_YAML = `# The main tour
title: 下单链路
id: order-flow
memo: memo.md
primary: true
next: reback-flow
steps:
  - id: intro
    title: Overview
    points: Start here.
  - id: sell-lock
    title: "Sell: 加锁扣库存"
    file: handler/inventory.go
    lines: 9-13
    anchor: mutex := lock(fmt.Sprintf("goods_%d", goodsId))
    section: "1. 核心难点"
    question: 如何保证高并发下不超卖？
  - id: sell-func
    file: handler/inventory.go
    symbol: InventoryServer.Sell
  - id: reback
    title: Reback
    file: handler/inventory.go
    lines: 17-20
    section: "2. Reback"
`;

export const REBACK_YAML = `title: 归还库存
id: reback-flow
steps:
  - id: moved
    title: Print
    file: handler/inventory.go
    lines: 5   # out of date on purpose
    anchor: fmt.Println("reback", goodsId)
  - id: fuzzy
    title: Lock helper
    file: handler/inventory.go
    lines: 22
    anchor: func lock(key string) *Mutex { return &Mutex{} }
  - id: stale
    title: Gone
    file: handler/inventory.go
    anchor: this text is nowhere in the file at all
  - id: missing
    title: Missing
    file: handler/nope.go
    lines: 1
`;

export function sampleFiles(): Record<string, string> {
  return {
    'handler/inventory.go': INVENTORY_GO,
    'memo.md': MEMO_MD,
    'order.walkthrough.yaml': ORDER_YAML,
    'reback.walkthrough.yaml': REBACK_YAML,
  };
}
