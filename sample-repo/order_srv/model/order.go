// Package model 是订单服务的表结构。
package model

import (
	"math"
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

// OrderInfo 订单。
//
// 主键 ID 就是雪花算法生成的订单号（int64，趋势递增，对 B+ 树友好），OrderSn 是它的十进制字符串：
// 分库分表后不会冲突，也不像自增 ID 那样暴露下单量。OrderSn 以字符串对外，因为 JavaScript 的
// number 只能精确表示 2^53 以内的整数。唯一索引保证同一个订单号只能落库一次，
// 事务消息回查（CheckLocalTransaction）也按它来查。
//
// 金额一律用 int64 存"分"：float32 连 0.1 都表示不了，累加后会差出几分钱。
type OrderInfo struct {
	ID           int64          `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt    time.Time      `gorm:"column:add_time"`
	UpdatedAt    time.Time      `gorm:"column:update_time"`
	DeletedAt    gorm.DeletedAt `gorm:"index"`
	User         int32          `gorm:"type:int;index"`
	OrderSn      string         `gorm:"type:varchar(64);not null;index:idx_order_sn,unique"`
	PayType      string         `gorm:"type:varchar(20)"`
	Status       string         `gorm:"type:varchar(20)"`
	TradeNo      string         `gorm:"type:varchar(100)"`
	AmountCents  int64          `gorm:"type:bigint;not null"` // 订单金额，单位：分
	PayTime      *time.Time     `gorm:"type:datetime"`
	Address      string         `gorm:"type:varchar(200)"`
	SignerName   string         `gorm:"type:varchar(30)"`
	SignerMobile string         `gorm:"type:varchar(20)"`
	Post         string         `gorm:"type:varchar(200)"`
}

// OrderGoods 订单里的一件商品，冗余了下单时的名称、图片和价格。
type OrderGoods struct {
	BaseModel
	Order      int64  `gorm:"type:bigint;index"` // OrderInfo.ID
	Goods      int32  `gorm:"type:int;index"`
	GoodsName  string `gorm:"type:varchar(100)"`
	GoodsImage string `gorm:"type:varchar(200)"`
	PriceCents int64  `gorm:"type:bigint;not null"` // 下单时的单价，单位：分
	Nums       int32  `gorm:"type:int"`
}

// YuanToCents 把商品服务返回的价格（元，float32）换成分。
// 商品服务的 float 价格是历史接口，只在这里换算一次，之后的计算全部用整数。
func YuanToCents(yuan float32) int64 {
	return int64(math.Round(float64(yuan) * 100))
}
