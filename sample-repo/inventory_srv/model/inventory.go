// Package model 是库存服务的表结构。
package model

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
)

type BaseModel struct {
	ID        int32          `gorm:"primarykey;type:int"`
	CreatedAt time.Time      `gorm:"column:add_time"`
	UpdatedAt time.Time      `gorm:"column:update_time"`
	DeletedAt gorm.DeletedAt `gorm:"index"`
}

// Inventory 一件商品一行库存。库存只存在 MySQL 里，Redis 只负责加锁。
type Inventory struct {
	BaseModel
	Goods  int32 `gorm:"type:int;uniqueIndex"`
	Stocks int32 `gorm:"type:int"`
}

// GoodsDetail 一次扣减里某件商品扣了多少。
type GoodsDetail struct {
	Goods int32 `json:"goods"`
	Num   int32 `json:"num"`
}

// GoodsDetailList 以 JSON 形式存进一列，实现 sql.Scanner 和 driver.Valuer。
type GoodsDetailList []GoodsDetail

// Value 写库时序列化成 JSON。
func (g GoodsDetailList) Value() (driver.Value, error) {
	return json.Marshal(g)
}

// Scan 读库时从 JSON 还原。
func (g *GoodsDetailList) Scan(value interface{}) error {
	switch v := value.(type) {
	case []byte:
		return json.Unmarshal(v, g)
	case string:
		return json.Unmarshal([]byte(v), g)
	case nil:
		*g = nil
		return nil
	default:
		return fmt.Errorf("GoodsDetailList: 不支持的列类型 %T", value)
	}
}

// 扣减流水的状态。
const (
	SellStatusDeducted int32 = 1 // 已扣减
	SellStatusReturned int32 = 2 // 已归还
)

// StockSellDetail 扣减流水：一个订单一行。
//
// OrderSn 上的唯一索引是幂等的最后一道闸：gRPC 超时重试带着同一个订单号再来一次 Sell，
// Sell 进门先按订单号查它，事务里第一条语句就插入它（Duplicate entry 就按已有的这一行回答），
// 都在看库存之前，库存不会被扣两次，重试也不会因为第一次扣少了库存而回答"库存不足"。
// 归还时也按这一行的状态判断"是否已经还过"；对账按 CreatedAt 找出迟迟没有订单的扣减。
type StockSellDetail struct {
	OrderSn   string          `gorm:"type:varchar(64);not null;index:idx_order_sn,unique"`
	Status    int32           `gorm:"type:tinyint;not null"`
	Detail    GoodsDetailList `gorm:"type:varchar(1024)"`
	CreatedAt time.Time       `gorm:"column:add_time;index"`
}

// TableName 固定表名，方便 DBA 排查。
func (StockSellDetail) TableName() string {
	return "stockselldetail"
}
