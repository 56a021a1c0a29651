// Package global 保存 order_web 的全局对象。
package global

import "mxshop_srvs/order_srv/proto"

var (
	// OrderSrvClient 通过 Consul 发现 order_srv，见 initialize/srv_conn.go。
	OrderSrvClient proto.OrderClient
)
