// Package model 是订单服务的表结构。
package model

import (
	"time"

	"gorm.io/gorm"
)

type BaseModel struct {
	ID        int32          `gorm:"primarykey;type:int"`
	CreatedAt time.Time      `gorm:"column:add_time"`
	UpdatedAt time.Time      `gorm:"column:update_time"`
	DeletedAt gorm.DeletedAt `gorm:"index"`
}

// ShoppingCart 购物车里的一行；Checked 表示结算时是否勾选。
type ShoppingCart struct {
	BaseModel
	User    int32 `gorm:"type:int;index"`
	Goods   int32 `gorm:"type:int;index"`
	Nums    int32 `gorm:"type:int"`
	Checked bool
}

// 订单状态，取值沿用支付宝交易状态的命名。
const (
	StatusWaitBuyerPay = "WAIT_BUYER_PAY" // 待支付
	StatusTradeSuccess = "TRADE_SUCCESS"  // 已支付
	StatusTradeClosed  = "TRADE_CLOSED"   // 超时关闭
)

// OrderInfo 订单。OrderSn 由雪花算法生成，唯一索引保证同一个订单号只能落库一次，
// 事务消息回查（CheckLocalTransaction）也按它来查。
type OrderInfo struct {
	BaseModel
	User         int32      `gorm:"type:int;index"`
	OrderSn      string     `gorm:"type:varchar(64);not null;index:idx_order_sn,unique"`
	PayType      string     `gorm:"type:varchar(20)"`
	Status       string     `gorm:"type:varchar(20)"`
	TradeNo      string     `gorm:"type:varchar(100)"`
	OrderAmount  float32    `gorm:"type:decimal(10,2)"`
	PayTime      *time.Time `gorm:"type:datetime"`
	Address      string     `gorm:"type:varchar(200)"`
	SignerName   string     `gorm:"type:varchar(30)"`
	SignerMobile string     `gorm:"type:varchar(20)"`
	Post         string     `gorm:"type:varchar(200)"`
}

// OrderGoods 订单里的一件商品，冗余了下单时的名称、图片和价格。
type OrderGoods struct {
	BaseModel
	Order      int32   `gorm:"type:int;index"`
	Goods      int32   `gorm:"type:int;index"`
	GoodsName  string  `gorm:"type:varchar(100)"`
	GoodsImage string  `gorm:"type:varchar(200)"`
	GoodsPrice float32 `gorm:"type:decimal(10,2)"`
	Nums       int32   `gorm:"type:int"`
}
