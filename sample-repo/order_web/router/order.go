// Package router 注册 order_web 的路由。
package router

import (
	"github.com/gin-gonic/gin"

	"mxshop_srvs/order_web/api"
	"mxshop_srvs/order_web/middlewares"
)

// InitOrderRouter 注册订单相关路由。
//
// 这一层就是手写的 BFF：前端讲 HTTP/JSON，后端微服务只讲 gRPC。
// 另一种做法是 gRPC-Gateway：在 .proto 里用 google.api.http 注解声明路由，
// 由 protoc-gen-grpc-gateway 生成反向代理，把 JSON 请求转成 gRPC 调用、再把响应转回 JSON。
// 它省掉了这一层的样板代码，但鉴权、聚合多个服务这类逻辑仍然需要一层自己的代码。
func InitOrderRouter(group *gin.RouterGroup) {
	orders := group.Group("orders").Use(middlewares.UserID())
	orders.POST("", api.New)
	orders.GET("/:sn", api.Detail)
}
